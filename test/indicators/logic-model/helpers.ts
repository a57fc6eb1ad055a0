import { loadConfig, type Config } from '../../../models/config.ts';
import { Relation } from '../../../models/core/Relation.ts';
import type { IndicatorContext } from '../../../models/indicators/IndicatorContext.ts';
import { createKysely } from '../../../models/kysely/createKysely.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';

export type Row = Record<string, string | number | boolean | null>;

/** A fresh in-memory database holding the hand-made source rows, extracted on `extractedOn`. */
export async function handMadeExtract(extractedOn: string, tables: Record<string, Row[]>): Promise<Database> {
  const db = await Database.open();
  await createSources(db, extractedOn);
  for (const [table, rows] of Object.entries(tables)) {
    for (const row of rows) {
      const cols = Object.keys(row);
      await db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
    }
  }
  return db;
}

/** The context the dashboard API gives an indicator: refs name the built tables. */
export function indicatorContext(db: Database, config: Config = loadConfig()): IndicatorContext {
  return { db: createKysely<any>(db), ref: (name) => new Relation(name), config };
}

/** A partner or practice event at 10:00 on a date. */
export const event = (event_id: string, event_type: string, on: string, extra: Row = {}): Row => ({
  event_id,
  event_type,
  occurred_at: `${on} 10:00`,
  ...extra,
});

/** Rounds numbers so hand-worked fractions compare exactly. */
export const round = (v: unknown, places = 6) => (typeof v === 'number' ? Math.round(v * 10 ** places) / 10 ** places : v);
