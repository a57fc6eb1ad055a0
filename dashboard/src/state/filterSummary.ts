import type { Period } from '../api/Meta.ts';
import { formatDate } from '../lib/format.ts';
import { periodIdOf } from '../lib/periodOf.ts';
import { filterLabels, listFilterKeys, type FilterValues } from './filterSearch.ts';

/** The filters in words, for a printed page ("Period: FY 2024/25. Service: FIT, YIT."). */
export function filterSummary(f: FilterValues, periods: Period[]): string {
  const parts: string[] = [];
  const id = periodIdOf(periods, f.from, f.to);
  const period = periods.find((p) => p.id === id);
  if (period) parts.push(`${filterLabels.period}: ${period.label}`);
  else if (f.from || f.to) parts.push(`${filterLabels.period}: ${f.from ? formatDate(f.from) : 'start'} to ${f.to ? formatDate(f.to) : 'now'}`);
  else parts.push(`${filterLabels.period}: all time`);
  for (const key of listFilterKeys) if (f[key].length) parts.push(`${filterLabels[key]}: ${f[key].join(', ')}`);
  if (f.send !== undefined) parts.push(`${filterLabels.send}: ${f.send ? 'with SEND' : 'without SEND'}`);
  return `Filters. ${parts.join('. ')}.`;
}
