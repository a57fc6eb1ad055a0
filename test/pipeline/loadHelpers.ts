import { join } from 'node:path';
import { Database, type Row } from '../../pipeline/db/database.ts';
import { loadExtract, type LoadSummary } from '../../pipeline/load/loadExtract.ts';
import { createProgress } from '../../pipeline/progress.ts';
import { tempDir } from '../helpers/writeExtract.ts';

export const quiet = createProgress({ quiet: true });

export async function load(extract: string, db = join(tempDir('db-'), 'test.duckdb')): Promise<LoadSummary> {
  return loadExtract({ extract, db, progress: quiet });
}

export async function query<T extends Row = Row>(dbPath: string, sql: string): Promise<T[]> {
  const db = await Database.open(dbPath, { readOnly: true });
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

export async function rejectsOf(dbPath: string) {
  return query<{ file: string; line: number; column: string; value: string | null; reason: string }>(
    dbPath,
    `SELECT file, line, "column", value, reason FROM rejects ORDER BY load_order, line, "column"`,
  );
}

/** Each reject's value-free rule (what the data quality page groups by), in the rejects' order. */
export async function rulesOf(dbPath: string) {
  return query<{ file: string; line: number; column: string; rule: string }>(
    dbPath,
    `SELECT file, line, "column", rule FROM rejects ORDER BY load_order, line, "column"`,
  );
}
