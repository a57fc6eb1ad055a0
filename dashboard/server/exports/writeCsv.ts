import { stringify } from 'csv-stringify/sync';
import { cellText } from './cellText.ts';
import type { ExportWriter } from './ExportFile.ts';

// Text that a spreadsheet would run as a formula when the CSV is opened (CSV injection).
const FORMULA = /^[=+\-@\t\r]/;

/**
 * CSV (RFC 4180, UTF-8 with a byte order mark so Excel reads accents right). Text cells
 * that start like a formula get a leading apostrophe, so opening the file in a
 * spreadsheet can never run anything; numbers are written as numbers and untouched.
 */
export const writeCsv: ExportWriter = async (result) => {
  const names = result.columns.map((c) => c.name);
  const text = stringify(
    result.rows.map((r) =>
      names.map((n) => {
        const v = r[n];
        const s = cellText(v);
        return typeof v === 'string' && FORMULA.test(s) ? `'${s}` : s;
      }),
    ),
    { header: true, columns: names, record_delimiter: '\r\n' },
  );
  return { body: Buffer.from(`\uFEFF${text}`, 'utf8'), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
};
