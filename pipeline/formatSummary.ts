import type { LoadSummary } from './load/loadExtract.ts';

const n = (x: number) => x.toLocaleString('en-GB');

/** The summary printed after a load: rows read, loaded and rejected per file. */
export function formatSummary(s: LoadSummary): string {
  const rows = s.files.map((f) => [f.file, n(f.rowsRead), n(f.rowsLoaded), n(f.rowsRejected)]);
  rows.push(['total', n(s.rowsRead), n(s.rowsLoaded), n(s.rowsRejected)]);
  const head = ['file', 'read', 'loaded', 'rejected'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  const lines = [
    `Loaded extract of ${s.extractedOn}${s.authority ? ` (${s.authority})` : ''} into ${s.db} in ${s.seconds.toFixed(1)}s`,
    '',
    fmt(head),
    ...rows.map(fmt),
  ];
  if (s.rowsRejected) lines.push('', `Rejected rows, with file, line, column and reason: ${s.rejectsFile} (and the table "rejects")`);
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
