import { files, sqlType } from '../../../pipeline/contract/contract.ts';
import type { Database } from '../../../pipeline/db/database.ts';

/** Empty source tables shaped as the pipeline loads them, and the extract manifest with `extractedOn`. */
export async function createSources(db: Database, extractedOn = '2025-06-30'): Promise<void> {
  for (const f of files) {
    const cols = f.columns.map((c) => `"${c.name}" ${sqlType(c.type)}`).join(', ');
    await db.run(`CREATE TABLE ${f.name} (${cols})`);
  }
  await db.run(`CREATE TABLE extract_manifest (load_id INTEGER, extracted_on DATE, authority VARCHAR, extract_dir VARCHAR, loaded_at TIMESTAMPTZ)`);
  await db.run(`INSERT INTO extract_manifest VALUES (1, $1::DATE, 'Test', 'test', now())`, [extractedOn]);
}
