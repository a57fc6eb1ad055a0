// Other extract formats are made from the generated CSV, so every format carries the same
// rows in the same order (dirty_rows.json line numbers hold for all of them). Parquet and
// JSON Lines go through DuckDB (via the project's adapter) with every column as text, so
// bad values survive the conversion untouched.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { fileSpec, type FileName } from '../pipeline/contract/contract.ts';
import { Database } from '../pipeline/db/database.ts';

export type Format = 'csv' | 'csv.gz' | 'parquet' | 'jsonl';
export const formats: readonly Format[] = ['csv', 'csv.gz', 'parquet', 'jsonl'];

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Converts each `csvPath` to `outPath` in `format` and deletes the CSV. */
export async function convertFormat(format: Exclude<Format, 'csv'>, jobs: { name: FileName; csvPath: string; outPath: string }[]) {
  if (format === 'csv.gz') {
    for (const j of jobs) {
      await pipeline(createReadStream(j.csvPath), createGzip(), createWriteStream(j.outPath));
      await rm(j.csvPath);
    }
    return;
  }
  const db = await Database.open();
  try {
    for (const j of jobs) {
      const columns = fileSpec(j.name).columns.map((c) => `${lit(c.name)}: 'VARCHAR'`).join(', ');
      const read = `SELECT * FROM read_csv(${lit(j.csvPath)}, header = true, auto_detect = false, columns = {${columns}},
        delim = ',', quote = '"', escape = '"', strict_mode = true)`;
      const options = format === 'parquet' ? 'FORMAT parquet' : 'FORMAT json';
      await db.run(`COPY (${read}) TO ${lit(j.outPath)} (${options})`);
      await rm(j.csvPath);
    }
  } finally {
    db.close();
  }
}
