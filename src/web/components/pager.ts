import type { View } from '../view';

/** Builds page links that keep the current filters. */
export function listHref(base: string, query: Record<string, unknown>) {
  return (page: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '' && k !== 'page') params.set(k, String(v));
    }
    params.set('page', String(page));
    return `${base}?${params.toString()}`;
  };
}

export const pagerLabels = (view: View) => ({
  prev: view.t('common.prev'),
  next: view.t('common.next'),
  page: (page: number, pages: number) => view.t('common.page', { page, pages }),
});
