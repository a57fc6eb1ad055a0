import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface CsvFile {
  header: string[];
  /** Values as written; an empty field is ''. */
  rows: string[][];
}

export function readCsvFile(path: string): CsvFile {
  const records = parse(readFileSync(path, 'utf8'), { bom: true, skip_empty_lines: true }) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows };
}
