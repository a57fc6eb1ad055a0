import { join } from 'node:path';
import { buildAfterLoad } from '../../../pipeline/buildAfterLoad.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { createProgress } from '../../../pipeline/progress.ts';
import { generateExtract } from '../../../sample-data/generateExtract.ts';

/**
 * A real database for the browser tests, built the way production builds one: a generated
 * extract with a few bad rows (so the data-quality page has rejects), the pipeline load,
 * every model. Data tests are skipped: they are the models' own tests' business.
 */
export async function sampleDashboardDb(dir: string, families = 300): Promise<string> {
  const extract = join(dir, 'extract');
  const db = join(dir, 'outcomes.duckdb');
  await generateExtract({ out: extract, families, seed: 7, dirty: 0.005 });
  await loadExtract({ extract, db, progress: createProgress({ quiet: true }), afterLoad: buildAfterLoad({ test: false }) });
  return db;
}
