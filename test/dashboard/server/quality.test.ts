// The data quality routes on a hand-made extract whose bad rows and dates are known:
// /api/quality groups rejects by the kind of problem and never sends a rejected value or
// an identifier; /api/quality/freshness reads events with no source as the case system's
// (data contract, events) and dates area_measures by its monthly period. The data
// dictionary documents the tables behind them (rejects, loads, load_files).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAfterLoad } from '../../../pipeline/buildAfterLoad.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { createProgress } from '../../../pipeline/progress.ts';
import { smallExtract } from '../../helpers/smallExtract.ts';
import { tempDir, writeExtract } from '../../helpers/writeExtract.ts';
import { startServer, type RunningServer } from './helpers/startServer.ts';

type Row = Record<string, unknown>;

/**
 * smallExtract (people on lines 2-4, events V1 with no source, V2 case_system, V3 police)
 * plus five bad people and two months of area measures. Extract date 2025-06-30.
 */
function extract(): string {
  const x = smallExtract();
  x.people.push(
    { person_id: 'P8', family_id: 'MISSING-F8', role: 'child' }, // line 5: family not there
    { person_id: 'P9', family_id: 'MISSING-F9', role: 'child' }, // line 6: family not there
    { person_id: 'P1', family_id: 'F1', role: 'parent' }, // line 7: repeats line 2
    { person_id: 'P2', family_id: 'F1', role: 'child' }, // line 8: repeats line 3
    { person_id: 'P10', family_id: 'F1', role: 'child', birth_month: '2012/03' }, // line 9: not a month
  );
  x.area_measures = [
    { measure: 'county_lines_known', period: '2025-04', locality: '', value: 3 },
    { measure: 'county_lines_known', period: '2025-05', locality: '', value: 4 },
  ];
  return writeExtract(x);
}

/** Every value and reason the pipeline recorded: none of them may reach the page. */
const rejectedValues = ['MISSING-F8', 'MISSING-F9', 'P1', 'P2', 'P10', '2012/03', 'repeats line', '"'];

const dir = tempDir('quality-');
const withModels = join(dir, 'models.duckdb');
const withoutModels = join(dir, 'load-only.duckdb');
const beforeRules = join(dir, 'before-rules.duckdb');
const servers: RunningServer[] = [];

beforeAll(async () => {
  const x = extract();
  const progress = createProgress({ quiet: true });
  await loadExtract({ extract: x, db: withModels, progress, afterLoad: buildAfterLoad({ test: false }) });
  await loadExtract({ extract: x, db: withoutModels, progress });
  // A database written before the pipeline recorded each reject's rule.
  copyFileSync(withoutModels, beforeRules);
  const db = await Database.open(beforeRules);
  await db.run('ALTER TABLE rejects DROP COLUMN rule');
  await db.run('CHECKPOINT');
  db.close();
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.close();
});

async function rowsOf(dbPath: string, path: string): Promise<{ fields: string[]; rows: Row[] }> {
  const server = await startServer({ dbPath });
  servers.push(server);
  const res = await server.get(path);
  expect(res.status).toBe(200);
  const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
  return { fields: table.schema.fields.map((f) => f.name), rows: table.toArray().map((r) => r.toJSON() as Row) };
}

// The three kinds of problem of people.csv, each once however many rows it holds.
const expectedGroups = [
  { file: 'people.csv', column: 'family_id', rule: 'family_id is not in families', rejected_rows: 2, first_line: 5, last_line: 6 },
  { file: 'people.csv', column: 'person_id', rule: 'person_id repeats an earlier row; the first row is kept', rejected_rows: 2, first_line: 7, last_line: 8 },
  { file: 'people.csv', column: 'birth_month', rule: 'birth_month is not a month (use YYYY-MM)', rejected_rows: 1, first_line: 9, last_line: 9 },
];
const plain = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

describe('/api/quality', () => {
  it('groups rejects by file, column and rule, with no rejected value or identifier', async () => {
    const { fields, rows } = await rowsOf(withModels, '/api/quality');
    expect(fields).toEqual(['file', 'column', 'rule', 'rejected_rows', 'first_line', 'last_line']);
    expect(plain(rows)).toEqual(expectedGroups);
    const text = rows.flatMap((r) => Object.values(r).filter((v) => typeof v === 'string')).join('\n');
    for (const v of rejectedValues) expect(text, v).not.toContain(v);
  });

  it('still answers, grouped and without values, on a database loaded before rules were recorded', async () => {
    const { fields, rows } = await rowsOf(beforeRules, '/api/quality');
    expect(fields).toEqual(['file', 'column', 'rule', 'rejected_rows', 'first_line', 'last_line']);
    // Worked out from each reason without passing any of it on: the same three groups.
    expect(plain(rows)).toEqual(expectedGroups);
  });
});

describe('/api/quality/freshness', () => {
  // Events: V1 (2024-01-11, no source) and V2 (2024-02-01, case_system) are the case
  // system's: 2 rows, latest 2024-02-01; V3 (2024-06-01) is police's. Area measures: the
  // latest period is 2025-05, which covers May to the 31st: 30 days before 2025-06-30.
  const day = (v: unknown) => new Date(v as number).toISOString().slice(0, 10);
  const expectFreshness = (rows: Row[]) => {
    const sources = rows.filter((r) => r.kind === 'event_source').map((r) => [r.name, day(r.latest_on), Number(r.rows_in_table)]);
    expect(sources).toEqual([
      ['events: case_system', '2024-02-01', 2],
      ['events: police', '2024-06-01', 1],
    ]);
    const area = rows.find((r) => r.name === 'area_measures.csv')!;
    expect([day(area.latest_on), Number(area.days_behind)]).toEqual(['2025-05-31', 30]);
    // A birth month dates a person, not the file: people has no date of its own.
    expect(rows.find((r) => r.name === 'people.csv')!.latest_on).toBeNull();
  };

  it('counts events with no source as the case system, as staging does, and dates area measures by their period', async () => {
    expectFreshness((await rowsOf(withModels, '/api/quality/freshness')).rows);
  });

  it('does the same on a database loaded without the models', async () => {
    expectFreshness((await rowsOf(withoutModels, '/api/quality/freshness')).rows);
  });
});

describe('/api/docs/dictionary', () => {
  it('documents the data quality tables no model reads, each column described and typed as built', async () => {
    const server = await startServer({ dbPath: withModels });
    servers.push(server);
    const docs = (await (await server.get('/api/docs/dictionary')).json()) as {
      models: { name: string; layer: string; built: boolean; columns: { name: string; type: string | null; description: string }[] }[];
    };
    for (const name of ['rejects', 'loads', 'load_files']) {
      const entry = docs.models.find((m) => m.name === name);
      expect(entry, name).toMatchObject({ layer: 'sources', built: true });
      for (const c of entry!.columns) {
        expect(c.type, `${name}.${c.name}`).toBeTruthy();
        expect(c.description.length, `${name}.${c.name}`).toBeGreaterThan(5);
      }
    }
    expect(docs.models.find((m) => m.name === 'rejects')!.columns.map((c) => c.name)).toEqual(['load_id', 'load_order', 'file', 'line', 'column', 'value', 'reason', 'rule']);
    // And the lineage draws them, each box a link to its entry.
    const svg = await (await server.get('/api/docs/lineage.svg')).text();
    for (const name of ['rejects', 'loads', 'load_files']) expect(svg).toContain(`<a href="#${name}" aria-label="${name}">`);
  });
});
