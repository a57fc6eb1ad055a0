import type { Cell } from './format.ts';

export type Row = Record<string, Cell>;

/** RFC 4180 CSV of rows (header from `columns`, else the first row's keys). Cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(rows: readonly Row[], columns?: readonly string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const lines = [cols.map(quote).join(',')];
  for (const row of rows) lines.push(cols.map((c) => quote(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function quote(v: Cell): string {
  if (v === null || v === undefined) return '';
  // NaN is a figure worked out from a suppressed cell (lib/aggregate.ts): it is c on screen and in the file.
  if (typeof v === 'number' && Number.isNaN(v)) return 'c';
  let s = String(v);
  // CSV injection: a text cell starting with = + - @ would run as a formula in Excel.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
