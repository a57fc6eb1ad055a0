import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadExtract } from '../../pipeline/load/loadExtract.ts';
import { createProgress } from '../../pipeline/progress.ts';
import { Database } from '../../pipeline/db/database.ts';
import { buildAfterLoad } from '../../pipeline/buildAfterLoad.ts';
import { timed } from './measure.ts';

export interface LoadRound {
  rawSeconds: number;
  loadSeconds: number;
  modelSeconds: number;
}

export interface LoadFigures extends LoadRound {
  rows: number;
  /** Every round, in the order run; the figures above are the best of each step. */
  rounds: LoadRound[];
}

/**
 * The baseline is what DuckDB alone does with the same files: read every CSV with its
 * own type detection into a fresh database file. The pipeline does that and validates
 * every row, records rejects and swaps the file in atomically; then it builds the models.
 *
 * The three steps run in turn `rounds` times and each step's best time is kept: on a
 * shared machine a neighbour's burst slows one step of one round (we have seen the raw read
 * alone vary from 4.8 to 7.5 s between runs), and interleaving the steps lets every one of
 * them meet the same quiet moments.
 */
export async function benchLoad(extract: string, workDir: string, rounds = 3, onRound?: (r: LoadRound, i: number) => void): Promise<LoadFigures> {
  const csvs = readdirSync(extract).filter((f) => f.endsWith('.csv'));
  const rawDb = join(workDir, 'raw.duckdb');
  const loadDb = join(workDir, 'load.duckdb');
  let rows = 0;
  const done: LoadRound[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const f of [rawDb, loadDb, `${loadDb}.rejects.csv`]) rmSync(f, { force: true });

    const raw = await timed(async () => {
      const db = await Database.open(rawDb);
      for (const f of csvs) await db.run(`CREATE TABLE "${f.replace('.csv', '')}" AS SELECT * FROM read_csv('${join(extract, f)}')`);
      await db.run('CHECKPOINT');
      db.close();
    });

    const load = await timed(() => loadExtract({ extract, db: loadDb, progress: createProgress({ quiet: true }) }));
    if (load.value.rowsRejected) throw new Error(`the benchmark extract should be clean, but ${load.value.rowsRejected} rows were rejected`);
    rows = load.value.rowsRead;

    const models = await timed(async () => {
      const db = await Database.open(loadDb);
      // The pipeline's own model step (build only; its data tests are not part of the target).
      await buildAfterLoad({ test: false })(db, createProgress({ quiet: true }));
      await db.run('CHECKPOINT');
      db.close();
    });
    if (!existsSync(loadDb)) throw new Error('load produced no database');
    const round = { rawSeconds: raw.seconds, loadSeconds: load.seconds, modelSeconds: models.seconds };
    done.push(round);
    onRound?.(round, i);
  }
  rmSync(rawDb, { force: true });
  const best = (k: keyof LoadRound) => Math.min(...done.map((r) => r[k]));
  return { rows, rawSeconds: best('rawSeconds'), loadSeconds: best('loadSeconds'), modelSeconds: best('modelSeconds'), rounds: done };
}
