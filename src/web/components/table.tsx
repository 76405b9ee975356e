import type { ComponentChildren } from 'preact';

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ComponentChildren;
  /** Right-aligned, tabular figures (counts, money, scores). */
  numeric?: boolean;
  /** Extra class on the header and body cells of this column. */
  className?: string;
}

export interface DataTableProps<T> {
  /** Visible caption: say what the table lists (and, if useful, the total). */
  caption: ComponentChildren;
  columns: Column<T>[];
  rows: T[];
  /** Shown instead of rows when there are none. */
  empty: ComponentChildren;
  rowKey?: (row: T) => string | number;
  /** Hide the caption visually (keep it for screen readers) when a heading already says it. */
  captionHidden?: boolean;
}

/**
 * A plain data table. Below 640px each row becomes a card: every cell shows its column label
 * from `data-label` next to its content (pure CSS; the first column is the card's title).
 * Cell content is wrapped in `<div class="cell">` so mixed content stays in the value column.
 */
export function DataTable<T>({ caption, columns, rows, empty, rowKey, captionHidden }: DataTableProps<T>) {
  const cellClass = (c: Column<T>) => [c.numeric ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    // Wide tables scroll sideways: the region is focusable so keyboard users can scroll it too.
    <div class="table-wrap" role="region" aria-label={typeof caption === 'string' ? caption : undefined} tabindex={0}>
      <table class="data-table">
        <caption class={captionHidden ? 'visually-hidden' : 'table-caption'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => <th key={c.key} scope="col" class={cellClass(c)}>{c.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr class="table-empty-row">
              <td colSpan={columns.length} class="table-empty">{empty}</td>
            </tr>
          ) : rows.map((row, i) => (
            <tr key={rowKey ? rowKey(row) : i}>
              {columns.map((c) => (
                <td key={c.key} class={cellClass(c)} data-label={c.label}><div class="cell">{c.render(row)}</div></td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
