import type { FilterValues } from '../state/filterSearch.ts';
import { filtersToParams } from '../state/filterSearch.ts';

/** Extra parameters of a request besides the global filters (drill parameters, limit, offset, format). */
export type Params = Record<string, string | number | boolean | undefined>;

/** /api/<kind>/<name>?<filters the endpoint accepts>&<params>: one builder so every request spells filters the same way. */
export function apiUrl(path: string, filters: FilterValues | undefined, accepts?: readonly string[], params: Params = {}): string {
  const search = filters ? filtersToParams(filters, accepts) : new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export const indicatorUrl = (name: string, filters: FilterValues, accepts?: readonly string[], params?: Params) =>
  apiUrl(`/api/indicators/${encodeURIComponent(name)}`, filters, accepts, params);
