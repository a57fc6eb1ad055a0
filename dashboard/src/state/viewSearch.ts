import { pages } from '../pages/pages.ts';
import { filtersToParams, type FilterValues } from './filterSearch.ts';

/** The query string of a view: the page (left out for the first page), its own choices, then the filters. */
export function viewSearch(page: string, filters: FilterValues, pageParams: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (page !== pages[0].id) params.set('page', page);
  for (const k of Object.keys(pageParams).sort()) params.set(k, pageParams[k]);
  for (const [k, v] of filtersToParams(filters)) params.append(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
