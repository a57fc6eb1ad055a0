import type { Database } from '../../../pipeline/db/database.ts';
import { loadConfig, resolveConfig, type Config } from '../../../models/config.ts';
import { Relation } from '../../../models/core/Relation.ts';
import type { IndicatorContext } from '../../../models/indicators/IndicatorContext.ts';
import { createKysely } from '../../../models/kysely/createKysely.ts';

/** How the API calls an indicator: refs name the built tables. */
export function indicatorContext(db: Database, config: Config = loadConfig()): IndicatorContext {
  return { db: createKysely<any>(db), ref: (name) => new Relation(name), config };
}

export const configWith = (distanceTravelled: Partial<Config['distanceTravelled']>) => resolveConfig({ distanceTravelled });

type Row = Record<string, string | number | boolean | null>;

/** Inserts rows (any subset of columns; each row may name its own) into a source table. */
export async function insert(db: Database, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    await db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  }
}

/** The long-form rows of one reading: one per area. */
export function reading(
  assessment_id: string,
  episode_id: string,
  person_id: string | null,
  tool: string,
  assessed_on: string,
  scores: Record<string, number>,
  extra: { edition?: string; retrospective?: boolean; progress?: Record<string, string | null> } = {},
): Row[] {
  return Object.entries(scores).map(([area, score]) => ({
    assessment_id,
    episode_id,
    person_id,
    tool,
    edition: extra.edition ?? null,
    assessed_on,
    retrospective: extra.retrospective ?? null,
    area,
    score,
    progress: extra.progress?.[area] ?? null,
  }));
}

/** JSON-safe rows: counts come back as numbers already; this only rounds doubles for comparison. */
export const round = (v: unknown, places = 6) => (typeof v === 'number' ? Math.round(v * 10 ** places) / 10 ** places : v);
