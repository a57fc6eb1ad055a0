import type { Config } from '../../../models/config.ts';
import { loadConfig } from '../../../models/config.ts';
import { Relation } from '../../../models/core/Relation.ts';
import type { IndicatorContext } from '../../../models/indicators/IndicatorContext.ts';
import { createKysely } from '../../../models/kysely/createKysely.ts';
import type { Database } from '../../../pipeline/db/database.ts';

export type Row = Record<string, string | number | boolean | null>;

/** Inserts hand-made rows into a source table; each row names only the columns it sets. */
export async function insert(db: Database, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    await db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  }
}

/** The context the dashboard API gives an indicator: refs name the built tables. */
export function indicatorContext(db: Database, config: Config = loadConfig()): IndicatorContext {
  return { db: createKysely<any>(db), ref: (name) => new Relation(name), config };
}
