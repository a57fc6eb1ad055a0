import type { Value } from '../../../pipeline/db/database.ts';

/** Timestamps are London wall-clock times stored without a zone: shown as they are, no zone added. */
export function timestampText(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

/** A value as CSV text: dates as YYYY-MM-DD, timestamps as YYYY-MM-DD HH:MM:SS, null as empty. */
export function cellText(v: Value | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return timestampText(v);
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}
