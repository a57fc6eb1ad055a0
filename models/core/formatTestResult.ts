import type { Value } from '../../pipeline/db/database.ts';
import type { TestResult } from './test.ts';

const show = (v: Value): string =>
  v === null ? 'null' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x)) : String(v);

/** One line for a pass; for a failure, the model, the test and the failing rows, one per line. */
export function formatTestResult(r: TestResult): string {
  const head = `${r.passed ? 'PASS' : 'FAIL'} ${r.node}: ${r.test}`;
  if (r.passed) return head;
  if (r.error) return `${head}\n  could not run: ${r.error}`;
  const more = r.failing > r.rows.length ? `\n  ... and ${r.failing - r.rows.length} more` : '';
  const rows = r.rows.map((row) => `  ${Object.entries(row).map(([k, v]) => `${k}=${show(v)}`).join(', ')}`).join('\n');
  return `${head} (${r.failing} failing row${r.failing === 1 ? '' : 's'})\n${rows}${more}`;
}
