import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { loadConfig, type Config } from '../../../models/config.ts';
import { Relation } from '../../../models/core/Relation.ts';
import type { IndicatorContext } from '../../../models/indicators/IndicatorContext.ts';
import { createKysely } from '../../../models/kysely/createKysely.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';

type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

/** Source rows of one hand-made extract; any subset of each table's columns. */
export interface Extract {
  families?: Row[];
  people?: Row[];
  workers?: Row[];
  episodes?: Row[];
  events?: Row[];
  assessments?: Row[];
}

/** Inserts rows (each may name its own columns) into a source table. */
export async function insert(db: Database, table: string, rows: Row[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    await db.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  }
}

/** A fresh in-memory database holding `extract` as of `extractedOn`, with `select` built. */
export async function buildExtract(extractedOn: string, extract: Extract, select: string[], config: Config = loadConfig()): Promise<Database> {
  const db = await Database.open();
  await createSources(db, extractedOn);
  for (const [table, rows] of Object.entries(extract)) await insert(db, table, rows as Row[]);
  await buildModels(db, { select, config });
  return db;
}

/** The models of indicators.md section 3, whose data tests every case runs. */
export const practiceStandardModels = [
  'int_calendar_days',
  'int_practice_standard_clocks',
  'int_practice_events_dated',
  'int_episode_standards',
  'int_standard_occurrences',
  'int_return_home_interviews',
  'mart_practice_standards',
];

/** Failing data tests of the selected models, formatted (empty when all pass). */
export async function failingDataTests(db: Database, select: string[]): Promise<string[]> {
  const report = await testModels(db, { select });
  return report.results.filter((r) => !r.passed).map(formatTestResult);
}

/** How the API calls an indicator: refs name the built tables. */
export function indicatorContext(db: Database, config: Config = loadConfig()): IndicatorContext {
  return { db: createKysely<any>(db), ref: (name) => new Relation(name), config };
}

/** An event row: id, type, local time, and the episode or person it belongs to. */
export function event(event_id: string, event_type: string, occurred_at: string, where: { episode_id?: string; person_id?: string; detail?: string } = {}): Row {
  return {
    event_id,
    event_type,
    occurred_at: occurred_at.length === 10 ? `${occurred_at} 10:00` : occurred_at,
    episode_id: where.episode_id ?? null,
    person_id: where.person_id ?? null,
    detail: where.detail ?? null,
  };
}

/** The mart rows of one standard, keyed `episode_id#occurrence` (person_id when no episode). */
export async function standardRows(db: Database, standard: string): Promise<Record<string, Row>> {
  const rows = await db.all(
    `SELECT * FROM mart_practice_standards WHERE standard = $1 ORDER BY episode_id, person_id, occurrence`,
    [standard],
  );
  return Object.fromEntries(rows.map((r) => [`${r.episode_id ?? r.person_id}#${r.occurrence ?? '-'}`, r as Row]));
}

/** The timing columns a golden case checks. */
export const timing = (r: Row | undefined) =>
  r && { start_on: r.start_on, due_on: r.due_on, done_on: r.done_on, status: r.status, days_late: r.days_late };
