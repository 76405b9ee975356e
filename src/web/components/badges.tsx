import type { ComponentChildren } from 'preact';
import { Icon } from './icons';
import { useUiText } from './ui-locale';

export interface StarsProps {
  /** 0–5; 0 reads as "not rated". */
  count: number;
  /** Accessible text; defaults to "4 sao" / "4 stars". */
  label?: string;
  /** Also print the text next to the glyphs (tables, cards). */
  showText?: boolean;
}

/**
 * OCOP star rating: filled ★ for the rating, hollow ☆ for the rest of five. The shapes differ,
 * not only the colour, and the text is always there for screen readers.
 */
export function Stars({ count, label, showText }: StarsProps) {
  const { t } = useUiText();
  const n = Math.min(5, Math.max(0, Math.round(Number.isFinite(count) ? count : 0)));
  const text = label ?? (n > 0 ? t('stars.label', { count: n }) : t('stars.none'));
  return (
    <span class="stars" data-stars={n}>
      <span class="stars-glyphs" aria-hidden="true">
        {n > 0 ? <span class="star--on">{'★'.repeat(n)}</span> : null}
        {n < 5 ? <span class="star--off">{'☆'.repeat(5 - n)}</span> : null}
      </span>
      <span class={showText ? 'stars-text' : 'visually-hidden'}>{text}</span>
    </span>
  );
}

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

/** A state label (icon + words, never colour alone): "Đã cấp", "Chờ duyệt", "Hết hạn"… */
export function StatusBadge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return (
    <span class={`badge badge--${tone}`}>
      <Icon name={tone} />
      <span>{children}</span>
    </span>
  );
}

/**
 * Marks demonstration records ("Dữ liệu mẫu") so nobody mistakes them for official data. Its icon
 * (the "sample" flask) is drawn by the stylesheet: a catalogue page shows it on every card.
 */
export function SampleBadge({ label }: { label?: string }) {
  const { t } = useUiText();
  return (
    <span class="badge badge--sample">
      <span>{label ?? t('common.sample')}</span>
    </span>
  );
}
