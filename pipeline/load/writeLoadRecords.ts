import { loadOrder } from '../contract/contract.ts';
import type { Database } from '../db/database.ts';
import type { FileResult } from './loadFile.ts';

export interface LoadRecord {
  extract: string;
  extractedOn: string;
  authority: string | null;
  results: FileResult[];
  warnings: string[];
  startedAt: Date;
}

/**
 * What the data quality page and the models need about a load: the rejects of this
 * load, a history of loads and files (freshness), and the extract date every "as of
 * today" rule uses.
 */
export async function writeLoadRecords(db: Database, rec: LoadRecord): Promise<number> {
  await db.run(`CREATE TABLE IF NOT EXISTS loads (
    load_id INTEGER, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, extract_dir VARCHAR, extracted_on DATE,
    authority VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, warnings VARCHAR[])`);
  await db.run(`CREATE TABLE IF NOT EXISTS load_files (
    load_id INTEGER, file VARCHAR, format VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT,
    unknown_columns VARCHAR[])`);
  await db.run(`CREATE OR REPLACE TABLE extract_manifest (
    load_id INTEGER, extracted_on DATE, authority VARCHAR, extract_dir VARCHAR, loaded_at TIMESTAMPTZ)`);
  const { id } = (await db.one<{ id: number }>(`SELECT coalesce(max(load_id), 0) + 1 AS id FROM loads`))!;

  // Rejects of the latest load, in load order then line, so the file reads top to bottom.
  // `rule` (last, so readers of the earlier columns by position are unaffected) is the
  // reason without the row's values: what the data quality page groups and shows.
  const order = `CASE regexp_extract(file, '^([a-z_]+)', 1) ${loadOrder.map((n, i) => `WHEN '${n}' THEN ${i}`).join(' ')} ELSE 99 END`;
  await db.run(`CREATE OR REPLACE TABLE rejects AS
    SELECT ${id} AS load_id, ${order} AS load_order, file, line, "column", value, reason, rule
    FROM load_rejects ORDER BY load_order, line, "column"`);

  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => rec.results.reduce((s, r) => s + r[k], 0);
  await db.run(`INSERT INTO loads VALUES (?, ?::TIMESTAMPTZ, now(), ?, ?::DATE, ?, ?, ?, ?, ?::JSON::VARCHAR[])`, [
    id,
    rec.startedAt.toISOString(),
    rec.extract,
    rec.extractedOn,
    rec.authority,
    sum('rowsRead'),
    sum('rowsLoaded'),
    sum('rowsRejected'),
    JSON.stringify(rec.warnings),
  ]);
  for (const r of rec.results) {
    await db.run(`INSERT INTO load_files VALUES (?, ?, ?, ?, ?, ?, ?::JSON::VARCHAR[])`, [
      id,
      r.file,
      r.format,
      r.rowsRead,
      r.rowsLoaded,
      r.rowsRejected,
      JSON.stringify(r.unknownColumns),
    ]);
  }
  await db.run(`INSERT INTO extract_manifest VALUES (?, ?::DATE, ?, ?, now())`, [id, rec.extractedOn, rec.authority, rec.extract]);
  return id;
}
