import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAfterLoad } from '../../../../pipeline/buildAfterLoad.ts';
import { loadExtract } from '../../../../pipeline/load/loadExtract.ts';
import { createProgress } from '../../../../pipeline/progress.ts';
import { generateExtract } from '../../../../sample-data/generateExtract.ts';

export interface SampleDatabase {
  dir: string;
  db: string;
  /** Load another generated extract into the same file (the pipeline's build and atomic swap). */
  reload(families: number, seed?: number): Promise<void>;
  /** The same through `npm run pipeline` in its own process, as an operator runs it. */
  reloadInChild(families: number, seed: number): Promise<void>;
  remove(): void;
}

const root = fileURLToPath(new URL('../../../../', import.meta.url));

async function load(dir: string, db: string, families: number, seed: number, name: string) {
  const extract = join(dir, name);
  await generateExtract({ out: extract, families, seed });
  // Data tests are the models' own business (test/models-core); skipping them keeps this quick.
  await loadExtract({ extract, db, progress: createProgress({ quiet: true }), afterLoad: buildAfterLoad({ test: false }) });
}

/** A real database built the way production builds it: generated sample extract, pipeline load, all models. */
export async function sampleDatabase(families = 60, seed = 1): Promise<SampleDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'dash-server-'));
  const db = join(dir, 'outcomes.duckdb');
  await load(dir, db, families, seed, 'extract');
  let n = 0;
  return {
    dir,
    db,
    reload: (f, s = seed + 1) => load(dir, db, f, s, `extract-${++n}`),
    reloadInChild: async (f, s) => {
      const extract = join(dir, `extract-${++n}`);
      await generateExtract({ out: extract, families: f, seed: s });
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--extract', extract, '--db', db, '--quiet', '--no-tests'], {
        cwd: root,
        env: { ...process.env, TZ: 'Europe/London' },
      });
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
