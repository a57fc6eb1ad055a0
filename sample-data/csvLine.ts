// RFC 4180: a value containing a comma, a double quote, CR or LF is wrapped in double
// quotes with inner quotes doubled; everything else is written as is. Null is empty.
export type Cell = string | number | null | undefined;

const needsQuotes = /[",\r\n]/;

export function csvValue(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV record terminated by LF. */
export function csvLine(values: readonly Cell[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    out += csvValue(values[i]);
  }
  return out + '\n';
}
