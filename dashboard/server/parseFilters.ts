import type { Filters } from '../../models/indicators/Filters.ts';
import { badRequest } from './HttpError.ts';
import { isCalendarDate } from './isCalendarDate.ts';
import type { FilterOptions } from './meta.ts';
import type { FilterKey, Params, ResolvedEntry } from './RegistryEntry.ts';

export type Query = Record<string, string | string[] | undefined>;

const listKeys = ['service', 'locality', 'team', 'ageBand', 'sex', 'ethnicity'] as const;
/** Query keys that are neither filters nor an entry's parameters but belong to a route. */
export const routeKeys = { rows: ['limit', 'offset'], export: ['format'] } as const;

const values = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function single(query: Query, key: string): string | undefined {
  const v = values(query[key]);
  if (v.length > 1) throw badRequest(`${key} was given ${v.length} times; give it once.`);
  return v[0];
}

function isoDate(query: Query, key: 'from' | 'to'): string | undefined {
  const v = single(query, key);
  if (v === undefined || v === '') return undefined;
  if (!isCalendarDate(v)) throw badRequest(`${key} must be a date written YYYY-MM-DD that exists in the calendar (got "${v.slice(0, 40)}").`);
  return v;
}

/**
 * The one place a query string becomes Filters. Every value is checked: dates against a
 * strict pattern and the calendar, list values against the options /api/meta offers,
 * `send` against true/false. Filters the entry cannot take, parameters it does not have
 * and unknown keys are refused, so a typo is a clear 400 instead of a silently
 * unfiltered number. Values go on to the query builder, which binds them as parameters.
 */
export function parseRequest(
  query: Query,
  entry: ResolvedEntry,
  options: FilterOptions,
  extraKeys: readonly string[] = [],
): { filters: Filters; params: Params } {
  const filters: Filters = {};
  const used = new Set<FilterKey>();

  const from = isoDate(query, 'from');
  const to = isoDate(query, 'to');
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (from && to && from > to) throw badRequest(`from (${from}) is after to (${to}).`);
  if (from || to) used.add('period');

  for (const key of listKeys) {
    const given = [...new Set(values(query[key]).filter((v) => v !== ''))];
    if (!given.length) continue;
    if (given.length > 200) throw badRequest(`Too many values for ${key}.`);
    const allowed = new Set(options[key]);
    const bad = given.find((v) => !allowed.has(v));
    if (bad !== undefined) throw badRequest(`${key} "${bad.slice(0, 60)}" is not one of the values you can choose (see /api/meta).`);
    filters[key] = given.sort();
    used.add(key);
  }

  const send = single(query, 'send');
  if (send !== undefined && send !== '') {
    if (send !== 'true' && send !== 'false') throw badRequest(`send must be true or false (got "${send.slice(0, 20)}").`);
    filters.send = send === 'true';
    used.add('send');
  }

  const refused = [...used].filter((k) => !entry.filters.includes(k));
  if (refused.length) {
    throw badRequest(`${entry.name} cannot be filtered by ${refused.join(', ')} (it accepts: ${entry.filters.join(', ') || 'no filters'}).`);
  }

  const params: Params = {};
  for (const [name, spec] of Object.entries(entry.params ?? {})) {
    const v = single(query, name);
    if (v === undefined || v === '') {
      params[name] = spec.default;
      continue;
    }
    const ok = spec.values ? spec.values.includes(v) : spec.kind === 'date' ? isCalendarDate(v) : spec.pattern ? spec.pattern.test(v) : false;
    if (!ok) {
      const expected = spec.values ? `one of ${spec.values.join(', ')}` : spec.kind === 'date' ? 'a date written YYYY-MM-DD that exists in the calendar' : 'a valid value';
      throw badRequest(`${name} must be ${expected} (got "${v.slice(0, 40)}").`);
    }
    params[name] = v;
  }

  const known = new Set<string>(['from', 'to', ...listKeys, 'send', ...Object.keys(entry.params ?? {}), ...extraKeys]);
  const unknown = Object.keys(query).filter((k) => !known.has(k));
  if (unknown.length) throw badRequest(`Unknown parameter ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')} for ${entry.name}.`);
  return { filters, params };
}

/** A whole number in [min, max] from the query, or the default. */
export function intParam(query: Query, key: string, dflt: number, min: number, max: number): number {
  const v = single(query, key);
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw badRequest(`${key} must be a whole number from ${min} to ${max}.`);
  return Number(v);
}
