import { tableFromIPC, Type, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../pipeline/db/database.ts';
import { sampleDatabase, type SampleDatabase } from '../dashboard/server/helpers/sampleDatabase.ts';
import { startServer, type RunningServer } from '../dashboard/server/helpers/startServer.ts';
import { openEngine, type Engine } from './engineBaseline.ts';

// The API bench reads the server's latency as a ratio to this baseline, so the baseline
// must run the very statements the server runs: the same answers for the same paths.
let sample: SampleDatabase;
let server: RunningServer;
let engine: Engine;

beforeAll(async () => {
  sample = await sampleDatabase(60);
  server = await startServer({ dbPath: sample.db });
  const meta = await (await server.get('/api/meta')).json();
  engine = await openEngine(sample.db, meta.filters);
});
afterAll(async () => {
  await engine?.close();
  await server?.close();
  sample?.remove();
});

const canon = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(9)) : typeof v === 'bigint' ? Number(v) : v);

/** The API's Arrow answer as the adapter's rows: dates as YYYY-MM-DD, numbers to 9 significant digits. */
function apiRows(table: Table): Row[] {
  const dates = new Set(table.schema.fields.filter((f) => f.typeId === Type.Date).map((f) => f.name));
  return table.toArray().map((r) => {
    const o = r.toJSON() as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, dates.has(k) && v !== null ? new Date(v as number).toISOString().slice(0, 10) : canon(v)]),
    ) as Row;
  });
}

describe('the API bench baseline (statements straight to DuckDB)', () => {
  it.each([
    '/api/indicators/referrals_by_month',
    '/api/indicators/referrals_by_month?from=2024-04-01&to=2025-03-31&service=FIT&service=SF',
    '/api/indicators/practice_compliance?from=2024-04-01&to=2025-03-31&service=FIT&sex=female',
    '/api/indicators/open_episodes?service=SF&service=TYSS',
    '/api/indicators/pre_post_summary?from=2023-04-01&to=2025-03-31',
    '/api/indicators/caseload_summary?from=2024-01-01&to=2024-12-31&service=FIT',
  ])('answers %s as the server does', async (path) => {
    const res = await server.get(path);
    expect(res.status).toBe(200);
    const expected = apiRows(tableFromIPC(new Uint8Array(await res.arrayBuffer())));
    expect(expected.length).toBeGreaterThan(0);
    const rows = (await engine.send(path)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, canon(v)])));
    expect(rows).toEqual(expected);
  });

  it('refuses a path the server would refuse, with its reason', async () => {
    await expect(engine.send('/api/indicators/referrals_by_month?service=NOPE')).rejects.toThrow(/service "NOPE" is not one of the values/);
    await expect(engine.send('/api/indicators/no_such_indicator')).rejects.toThrow(/no_such_indicator is not an indicator/);
  });
});
