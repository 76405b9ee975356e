import type { ComponentChildren } from 'preact';
import { Icon } from './icons';
import { useUiText } from './ui-locale';

// ─── Page header ────────────────────────────────────────────────────────────

export interface PageHeaderProps {
  title: ComponentChildren;
  lead?: ComponentChildren;
  /** Buttons or links on the right (below the title on phones). */
  actions?: ComponentChildren;
  /** Small line above the title: section name, record code… */
  caption?: ComponentChildren;
}

/** The page's single `<h1>` with an optional lead paragraph and actions. */
export function PageHeader({ title, lead, actions, caption }: PageHeaderProps) {
  return (
    <div class="page-header">
      <div class="page-header-text">
        {caption ? <p class="page-caption">{caption}</p> : null}
        <h1>{title}</h1>
        {lead ? <p class="lead">{lead}</p> : null}
      </div>
      {actions ? <div class="page-actions">{actions}</div> : null}
    </div>
  );
}

// ─── Breadcrumbs and back link ──────────────────────────────────────────────

export interface Crumb { href?: string; label: string }

/** Where the page sits; the last item is the current page (no link). */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const { t } = useUiText();
  if (items.length === 0) return null;
  return (
    <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
      <ol>
        {items.map((c, i) => (
          <li key={i}>
            {c.href && i < items.length - 1 ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function BackLink({ href, children }: { href: string; children: ComponentChildren }) {
  return <a class="back-link" href={href}>{children}</a>;
}

// ─── Card ───────────────────────────────────────────────────────────────────

export interface CardProps {
  title?: ComponentChildren;
  children: ComponentChildren;
  /** Heading level of the title (default 2). */
  level?: 2 | 3;
  /** Small actions at the title's right (an "Edit" link). */
  actions?: ComponentChildren;
  /** 'accent' adds the gold top rule for highlighted content. */
  variant?: 'default' | 'accent';
}

export function Card({ title, children, level = 2, actions, variant = 'default' }: CardProps) {
  const H = level === 3 ? 'h3' : 'h2';
  return (
    <section class={variant === 'accent' ? 'card card--accent' : 'card'}>
      {title || actions ? (
        <div class="card-header">
          {title ? <H class="card-title">{title}</H> : <span />}
          {actions ? <div class="card-actions">{actions}</div> : null}
        </div>
      ) : null}
      <div class="card-body">{children}</div>
    </section>
  );
}

// ─── Key figures ────────────────────────────────────────────────────────────

export interface StatItem { label: string; value: string | number; hint?: string }

/** Characters beyond which a figure is set smaller (see .stat-value--long). */
const LONG_STAT = 8;

/** Key figures as a grid of tiles. Numbers are formatted for the page locale (1.234 / 1,234). */
export function StatGrid({ items }: { items: StatItem[] }) {
  const { locale } = useUiText();
  const fmt = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <dl class="stat-grid">
      {items.map((s) => {
        const value = typeof s.value === 'number' ? fmt.format(s.value) : s.value;
        // Long figures (amounts in đồng) shrink with their tile instead of breaking mid-number.
        return (
        <div class="stat" key={s.label}>
          <dt class="stat-label">{s.label}</dt>
          <dd class={value.length > LONG_STAT ? 'stat-value stat-value--long' : 'stat-value'}>{value}</dd>
          {s.hint ? <dd class="stat-hint">{s.hint}</dd> : null}
        </div>
        );
      })}
    </dl>
  );
}

// ─── Notice ─────────────────────────────────────────────────────────────────

export type NoticeTone = 'info' | 'success' | 'warning' | 'danger';

/** Flash message or information banner ("Đã lưu.", "Dữ liệu mẫu…"); announced politely, a danger one at once. */
export function Notice({ tone, children, title }: { tone: NoticeTone; children: ComponentChildren; title?: string }) {
  return (
    // A danger notice tells why something was refused: announced at once (role="alert").
    <div class={`notice notice--${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <Icon name={tone} className="notice-icon" />
      <div class="notice-body">
        {title ? <p class="notice-title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}

// ─── Description list ───────────────────────────────────────────────────────

export interface DescriptionItem { term: string; detail: ComponentChildren }

/** Label/value pairs of one record (a producer's details); stacks on phones. */
export function DescriptionList({ items }: { items: DescriptionItem[] }) {
  return (
    <dl class="description-list">
      {items.map((it) => (
        <div class="dl-row" key={it.term}>
          <dt>{it.term}</dt>
          <dd>{it.detail ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

// ─── Empty state ────────────────────────────────────────────────────────────

export function EmptyState({ children, action }: { children: ComponentChildren; action?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <div class="empty-state-text">{children}</div>
      {action ? <div class="empty-state-action">{action}</div> : null}
    </div>
  );
}
