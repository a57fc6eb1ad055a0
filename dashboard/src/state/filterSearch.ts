/**
 * The global filters as plain values, and their round trip through a query string. The
 * same keys name the filters in the page URL and in API requests (the API contract), so
 * a link reproduces the view and a request carries exactly what the page shows.
 */
export interface FilterValues {
  /** Inclusive ISO dates; both absent means all time. */
  from?: string;
  to?: string;
  service: string[];
  locality: string[];
  team: string[];
  ageBand: string[];
  sex: string[];
  ethnicity: string[];
  /** undefined = everyone; true = SEND only; false = no SEND only. */
  send?: boolean;
}

export const listFilterKeys = ['service', 'locality', 'team', 'ageBand', 'sex', 'ethnicity'] as const;
export type ListFilterKey = (typeof listFilterKeys)[number];
/** Every filter key as the API's meta names them (`period` stands for from/to). */
export type FilterKey = ListFilterKey | 'period' | 'send';
export const filterKeys: readonly FilterKey[] = ['period', ...listFilterKeys, 'send'];

export const filterLabels: Record<FilterKey, string> = {
  period: 'Period',
  service: 'Service',
  locality: 'Locality',
  team: 'Team',
  ageBand: 'Age band',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  send: 'SEND',
};

export const emptyFilters = (): FilterValues => ({ service: [], locality: [], team: [], ageBand: [], sex: [], ethnicity: [] });

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string | null): string | undefined =>
  s && isoDate.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? s : undefined;

/** Reads the filters from a query string, ignoring anything malformed (a hand-edited link must not break the page). */
export function parseFilters(search: URLSearchParams | string): FilterValues {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const f = emptyFilters();
  f.from = validDate(params.get('from'));
  f.to = validDate(params.get('to'));
  for (const key of listFilterKeys) {
    f[key] = [...new Set(params.getAll(key).filter((v) => v !== ''))].sort();
  }
  const send = params.get('send');
  f.send = send === 'true' ? true : send === 'false' ? false : undefined;
  return f;
}

/**
 * Writes the filters as query parameters. `accepts`, when given, is the list of filter keys
 * an indicator takes (from /api/meta): the others are left out rather than sent and refused.
 */
export function filtersToParams(f: FilterValues, accepts?: readonly string[]): URLSearchParams {
  const takes = (key: FilterKey) =>
    !accepts || accepts.includes(key) || (key === 'period' && (accepts.includes('from') || accepts.includes('to')));
  const params = new URLSearchParams();
  if (takes('period')) {
    if (f.from) params.set('from', f.from);
    if (f.to) params.set('to', f.to);
  }
  for (const key of listFilterKeys) {
    if (!takes(key)) continue;
    for (const v of [...f[key]].sort()) params.append(key, v);
  }
  if (f.send !== undefined && takes('send')) params.set('send', String(f.send));
  return params;
}

/** The filters that are set but that an indicator does not take: the page says so next to its numbers. */
export function ignoredFilters(f: FilterValues, accepts: readonly string[] | undefined): FilterKey[] {
  if (!accepts) return [];
  const set = activeFilterKeys(f);
  const given = new Set(filtersToParams(f, accepts).keys());
  return set.filter((key) => (key === 'period' ? !given.has('from') && !given.has('to') : !given.has(key)));
}

/** Which filters hold a value. */
export function activeFilterKeys(f: FilterValues): FilterKey[] {
  const keys: FilterKey[] = [];
  if (f.from || f.to) keys.push('period');
  for (const key of listFilterKeys) if (f[key].length) keys.push(key);
  if (f.send !== undefined) keys.push('send');
  return keys;
}
