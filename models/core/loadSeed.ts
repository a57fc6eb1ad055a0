import type { Database } from '../../pipeline/db/database.ts';
import type { ProjectSeed } from './Project.ts';
import { quoteIdent } from './sqlText.ts';

const BATCH = 500;

/** (Re)creates `seed_<name>` from the CSV, with typed columns and '' as null. */
export async function loadSeed(db: Database, seed: ProjectSeed): Promise<number> {
  const cols = Object.entries(seed.types);
  await db.run(`CREATE OR REPLACE TABLE ${quoteIdent(seed.table)} (${cols.map(([c, t]) => `${quoteIdent(c)} ${t}`).join(', ')})`);
  for (let start = 0; start < seed.rows.length; start += BATCH) {
    const batch = seed.rows.slice(start, start + BATCH);
    const params: (string | null)[] = [];
    const tuples = batch.map((row) => {
      const cells = row.map((v, i) => {
        params.push(v === '' ? null : v);
        return `CAST($${params.length} AS ${cols[i][1]})`;
      });
      return `(${cells.join(', ')})`;
    });
    await db.run(`INSERT INTO ${quoteIdent(seed.table)} VALUES ${tuples.join(', ')}`, params);
  }
  return seed.rows.length;
}
