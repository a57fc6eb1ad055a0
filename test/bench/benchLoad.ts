import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadExtract } from '../../pipeline/load/loadExtract.ts';
import { createProgress } from '../../pipeline/progress.ts';
import { Database } from '../../pipeline/db/database.ts';
import { buildAfterLoad } from '../../pipeline/buildAfterLoad.ts';
import { timed } from './measure.ts';

export interface LoadFigures {
  rows: number;
  rawSeconds: number;
  loadSeconds: number;
  modelSeconds: number;
}

/**
 * The baseline is what DuckDB alone does with the same files: read every CSV with its
 * own type detection into a fresh database file. The pipeline does that and validates
 * every row, records rejects and swaps the file in atomically.
 */
export async function benchLoad(extract: string, workDir: string): Promise<LoadFigures> {
  const csvs = readdirSync(extract).filter((f) => f.endsWith('.csv'));
  const rawDb = join(workDir, 'raw.duckdb');
  const loadDb = join(workDir, 'load.duckdb');
  for (const f of [rawDb, loadDb, `${loadDb}.rejects.csv`]) rmSync(f, { force: true });

  const raw = await timed(async () => {
    const db = await Database.open(rawDb);
    for (const f of csvs) await db.run(`CREATE TABLE "${f.replace('.csv', '')}" AS SELECT * FROM read_csv('${join(extract, f)}')`);
    await db.run('CHECKPOINT');
    const { n } = (await db.one<{ n: number }>(
      `SELECT sum(estimated_size)::BIGINT AS n FROM duckdb_tables()`,
    ))!;
    db.close();
    return n;
  });

  const load = await timed(() => loadExtract({ extract, db: loadDb, progress: createProgress({ quiet: true }) }));
  if (load.value.rowsRejected) throw new Error(`the benchmark extract should be clean, but ${load.value.rowsRejected} rows were rejected`);

  const models = await timed(async () => {
    const db = await Database.open(loadDb);
    // The pipeline's own model step (build only; its data tests are not part of the target).
    await buildAfterLoad({ test: false })(db, createProgress({ quiet: true }));
    await db.run('CHECKPOINT');
    db.close();
  });
  if (!existsSync(loadDb)) throw new Error('load produced no database');
  return { rows: load.value.rowsRead, rawSeconds: raw.seconds, loadSeconds: load.seconds, modelSeconds: models.seconds };
}
