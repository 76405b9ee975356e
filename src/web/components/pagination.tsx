import { useUiText } from './ui-locale';

export interface PaginationLabels {
  prev: string;
  next: string;
  /** "Trang 2 / 7" */
  page: (page: number, pages: number) => string;
  /** Accessible name of the nav, when a page has more than one (defaults to "Phân trang"). */
  nav?: string;
}

export interface PaginationProps {
  /** 1-based current page. */
  page: number;
  pageSize: number;
  total: number;
  /** Link to another page, keeping the current filters. */
  href: (page: number) => string;
  labels: PaginationLabels;
}

/** Pages to list around the current one: 1 … 4 5 [6] 7 8 … 20 (0 marks a gap). */
export function pageWindow(page: number, pages: number, radius = 1): number[] {
  const out: number[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= radius) out.push(p);
    else if (out[out.length - 1] !== 0) out.push(0);
  }
  return out;
}

export function Pagination({ page, pageSize, total, href, labels }: PaginationProps) {
  const { t } = useUiText();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  if (pages <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  return (
    <nav class="pagination" aria-label={labels.nav ?? t('pagination.label')}>
      {current > 1 ? (
        <a class="pagination-link pagination-prev" href={href(current - 1)} rel="prev">
          <span aria-hidden="true">‹ </span>{labels.prev}
        </a>
      ) : null}
      <p class="pagination-status">{labels.page(current, pages)}</p>
      <ul class="pagination-list">
        {pageWindow(current, pages).map((p, i) => (
          p === 0 ? (
            <li key={`gap-${i}`} class="pagination-gap" aria-hidden="true">…</li>
          ) : p === current ? (
            <li key={p}>
              <a class="pagination-number is-current" href={href(p)} aria-current="page" aria-label={t('pagination.current', { page: p })}>{p}</a>
            </li>
          ) : (
            <li key={p}>
              <a class="pagination-number" href={href(p)} aria-label={t('pagination.page', { page: p })}>{p}</a>
            </li>
          )
        ))}
      </ul>
      {current < pages ? (
        <a class="pagination-link pagination-next" href={href(current + 1)} rel="next">
          {labels.next}<span aria-hidden="true"> ›</span>
        </a>
      ) : null}
    </nav>
  );
}
