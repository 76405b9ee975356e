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
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} class={i < n ? 'star star--on' : 'star star--off'}>{i < n ? '★' : '☆'}</span>
        ))}
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

/** Marks demonstration records ("Dữ liệu mẫu") so nobody mistakes them for official data. */
export function SampleBadge({ label }: { label?: string }) {
  const { t } = useUiText();
  return (
    <span class="badge badge--sample">
      <Icon name="sample" />
      <span>{label ?? t('common.sample')}</span>
    </span>
  );
}
