import { tableFromIPC, Type, type Table } from 'apache-arrow';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { drills } from '../../../dashboard/server/drillRegistry.ts';
import { indicators } from '../../../dashboard/server/indicatorRegistry.ts';
import { ARROW_STREAM } from '../../../dashboard/server/toArrow.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { startServer, type RunningServer } from './helpers/startServer.ts';

let sample: SampleDatabase;
let server: RunningServer;
const logged: string[] = [];

beforeAll(async () => {
  sample = await sampleDatabase(60);
  server = await startServer({ dbPath: sample.db, log: (m) => logged.push(m) });
});
afterAll(async () => {
  await server?.close();
  sample?.remove();
});

async function arrow(path: string) {
  const res = await server.get(path);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  expect(res.headers.get('content-type')).toBe(ARROW_STREAM);
  return { res, table: tableFromIPC(new Uint8Array(await res.arrayBuffer())) as Table };
}
const rowsOf = (t: Table) => t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
const sum = (rows: Record<string, unknown>[], key: string) => rows.reduce((s, r) => s + Number(r[key]), 0);

describe('/api/meta', () => {
  it('describes the extract, the filter options, periods, indicators and drills', async () => {
    const res = await server.get('/api/meta');
    expect(res.status).toBe(200);
    const meta = await res.json();
    expect(meta.extractedOn).toBe('2025-06-30');
    expect(meta.authority).toMatch(/synthetic sample/);
    expect(meta.filters.service).toEqual(expect.arrayContaining(['FIT', 'YIT', 'SF']));
    expect(meta.filters.locality.length).toBeGreaterThan(0);
    expect(meta.filters.ageBand).toContain('14-17');
    expect(meta.periods[0]).toEqual({ id: 'all', label: 'All time', kind: 'all', from: null, to: null });
    expect(meta.periods).toContainEqual({ id: 'fy2024', label: 'FY 2024/25', kind: 'year', from: '2024-04-01', to: '2025-03-31' });
    expect(meta.periods).toContainEqual({ id: 'fy2025q1', label: 'Q1 2025/26', kind: 'quarter', from: '2025-04-01', to: '2025-06-30' });
    const status = meta.indicators.find((i: { name: string }) => i.name === 'episode_status');
    expect(status).toMatchObject({ page: 'overview', filters: ['period', 'service', 'locality', 'team', 'ageBand', 'sex', 'ethnicity', 'send'] });
    // As-at-the-extract-date indicators do not take a period, and meta says so.
    expect(meta.indicators.find((i: { name: string }) => i.name === 'open_episodes').filters).not.toContain('period');
    expect(meta.drills.map((d: { name: string }) => d.name)).toContain('episodes');
    expect(meta.exports).toEqual(expect.arrayContaining(['episode_status', 'episodes']));
    expect(meta.exportFormats).toEqual(['csv', 'xlsx', 'parquet', 'arrow']);
  });
});

describe('/api/indicators/:name', () => {
  it('lists every registered indicator and drill-down (the sample database has every mart), and answers each as Arrow', async () => {
    const meta = await (await server.get('/api/meta')).json();
    expect(meta.indicators.map((i: { name: string }) => i.name).sort()).toEqual(indicators.map((i) => i.name).sort());
    expect(meta.drills.map((i: { name: string }) => i.name).sort()).toEqual(drills.map((i) => i.name).sort());
    for (const { name } of meta.indicators) {
      const { table } = await arrow(`/api/indicators/${name}`);
      expect(table.numCols, name).toBeGreaterThan(0);
    }
    for (const { name } of meta.drills) {
      const { res, table } = await arrow(`/api/rows/${name}?limit=3`);
      expect(table.numRows, name).toBe(Math.min(3, Number(res.headers.get('x-total-count'))));
    }
  });

  it('sends typed columns: dictionary text, Int32 counts, Float64 rates, DateDay dates', async () => {
    const { table } = await arrow('/api/indicators/referrals_by_month');
    const type = (name: string) => table.schema.fields.find((f) => f.name === name)!.type;
    expect(type('service').typeId).toBe(Type.Dictionary);
    expect(type('referrals').typeId).toBe(Type.Int);
    expect(type('pct_allocated').typeId).toBe(Type.Float);
    expect(String(type('month'))).toBe('Date32<DAY>');
    const first = rowsOf(table)[0];
    // Dates decode as ms since the epoch at UTC midnight: a first of the month.
    expect(new Date(first.month as number).toISOString()).toMatch(/^\d{4}-\d{2}-01T00:00:00.000Z$/);
  });

  it('agrees with the database, and filters change the numbers', async () => {
    const db = await Database.open(sample.db, { readOnly: true });
    const truth = await db.all<{ service: string; n: number }>(`SELECT service, count(*)::INTEGER AS n FROM mart_episodes GROUP BY 1`);
    const fit = truth.find((t) => t.service === 'FIT')!.n;
    const fitFrom = (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart_episodes WHERE service = 'FIT' AND referral_on >= '2024-04-01'`))!.n;
    db.close();

    const all = rowsOf((await arrow('/api/indicators/episode_status')).table);
    expect(sum(all, 'episodes')).toBe(truth.reduce((s, t) => s + t.n, 0));
    const onlyFit = rowsOf((await arrow('/api/indicators/episode_status?service=FIT')).table);
    expect(new Set(onlyFit.map((r) => r.service))).toEqual(new Set(['FIT']));
    expect(sum(onlyFit, 'episodes')).toBe(fit);
    const period = rowsOf((await arrow('/api/indicators/episode_status?service=FIT&from=2024-04-01')).table);
    expect(sum(period, 'episodes')).toBe(fitFrom);
    expect(fitFrom).toBeLessThan(fit);
    const female = rowsOf((await arrow('/api/indicators/episode_status?service=FIT&sex=female')).table);
    expect(sum(female, 'episodes')).toBeLessThan(fit);
  });

  it('each headline total (<name>_total) is the sum of its indicator\'s rows for the same filters', async () => {
    const cases: [string, string, string[]][] = [
      ['referrals_by_month', 'from=2024-04-01&to=2025-03-31&service=FIT', ['referrals', 'allocated']],
      ['open_episodes', '', ['open_episodes', 'waiting_episodes', 'open_over_9_months', 'open_over_12_months']],
      ['practice_compliance', 'from=2024-04-01&to=2025-03-31', ['met', 'late', 'missed', 'pending', 'due']],
      ['waiting_list', '', ['waiting', 'reviews_overdue']],
      ['supporting_families_trend', 'from=2023-04-01&to=2025-03-31', ['eligible_families', 'successful_outcomes']],
      ['distance_travelled', '', ['n_pairs', 'n_improved', 'n_with_reliable_threshold', 'n_reliable']],
    ];
    for (const [name, query, columns] of cases) {
      const rows = rowsOf((await arrow(`/api/indicators/${name}?${query}`)).table);
      const [total] = rowsOf((await arrow(`/api/indicators/${name}_total?${query}`)).table);
      for (const c of columns) expect(Number(total[c]), `${name} ${c}`).toBe(sum(rows, c));
      // Not a sum of nothing (the small sample has nobody on the waiting list).
      if (name !== 'waiting_list') expect(sum(rows, columns[0]), name).toBeGreaterThan(0);
    }
    const [compliance] = rowsOf((await arrow('/api/indicators/practice_compliance_total')).table);
    expect(compliance.compliance_pct).toBeCloseTo((100 * Number(compliance.met)) / Number(compliance.due), 9);
    // Referrals per month, all services together.
    const byService = rowsOf((await arrow('/api/indicators/referrals_by_month?from=2024-04-01&to=2025-03-31')).table);
    const perMonth = rowsOf((await arrow('/api/indicators/referrals_by_month_total_by_month?from=2024-04-01&to=2025-03-31')).table);
    expect(perMonth.map((m) => String(m.month))).toEqual([...new Set(byService.map((r) => String(r.month)))].sort());
    for (const m of perMonth) expect(Number(m.referrals)).toBe(sum(byService.filter((r) => String(r.month) === String(m.month)), 'referrals'));
    // Caseloads: one total per month end, over every team at that month end.
    const byTeam = rowsOf((await arrow('/api/indicators/caseload_summary?from=2025-01-01&to=2025-06-30')).table);
    const byMonth = rowsOf((await arrow('/api/indicators/caseload_summary_total?from=2025-01-01&to=2025-06-30')).table);
    expect(byMonth.length).toBe(6);
    for (const m of byMonth) {
      const teams = byTeam.filter((r) => String(r.month_end) === String(m.month_end));
      expect(Number(m.workers)).toBe(sum(teams, 'workers'));
      expect(Number(m.workers_over_limit)).toBe(sum(teams, 'workers_over_limit'));
      expect(Number(m.open_cases)).toBe(sum(teams, 'open_cases'));
      expect(Number(m.caseload_limit)).toBeCloseTo(sum(teams, 'caseload_limit'), 6);
      expect(Number(m.pct_of_limit)).toBeCloseTo((100 * sum(teams, 'open_cases')) / sum(teams, 'caseload_limit'), 6);
    }
  });

  it('logic_model_category_total is each count figure\'s sum over its categories, for the period and per month', async () => {
    for (const byMonth of ['false', 'true']) {
      const rows = rowsOf((await arrow(`/api/indicators/logic_model?byMonth=${byMonth}&from=2024-04-01&to=2025-03-31`)).table);
      const totals = rowsOf((await arrow(`/api/indicators/logic_model_category_total?byMonth=${byMonth}&from=2024-04-01&to=2025-03-31`)).table);
      expect(totals.length).toBeGreaterThan(0);
      for (const t of totals) {
        const cells = rows.filter((r) => r.logic_model === t.logic_model && r.measure_code === t.measure_code && r.figure === t.figure && String(r.period) === String(t.period) && r.category !== null);
        expect(cells.length, `${t.measure_code} ${t.figure}`).toBeGreaterThan(0);
        expect(Number(t.value)).toBeCloseTo(sum(cells, 'value'), 6);
      }
      // And every count or sum split into categories has its total.
      const key = (r: Record<string, unknown>) => `${r.logic_model} ${r.measure_code} ${r.figure} ${String(r.period)}`;
      const split = new Set(rows.filter((r) => r.category !== null && (r.aggregation === 'count' || r.aggregation === 'sum')).map(key));
      expect(new Set(totals.map(key))).toEqual(split);
    }
  });

  it('takes parameters, validated', async () => {
    const rows = rowsOf((await arrow('/api/indicators/episode_status?by=locality')).table);
    expect(Object.keys(rows[0])).toContain('locality');
    const bad = await server.get('/api/indicators/episode_status?by=worker');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/by must be one of service, locality, team/);
  });
});

describe('bad requests get a clear 400 or 404, never a 500', () => {
  const cases: [string, number, RegExp][] = [
    ['/api/indicators/no_such_thing', 404, /no indicator or drill-down called "no_such_thing"/],
    ['/api/indicators/episode_status?service=NOT_A_SERVICE', 400, /service "NOT_A_SERVICE" is not one of the values/],
    ["/api/indicators/episode_status?locality=x'%20OR%201=1--", 400, /locality .* is not one of the values/],
    ['/api/indicators/episode_status?from=2024-13-01', 400, /from must be a date written YYYY-MM-DD/],
    ['/api/indicators/episode_status?from=2024-02-30', 400, /from must be a date/],
    ['/api/indicators/episode_status?from=yesterday', 400, /from must be a date/],
    ['/api/indicators/episode_status?from=2025-01-01&to=2024-01-01', 400, /is after to/],
    ['/api/indicators/episode_status?from=2024-01-01&from=2024-02-01', 400, /given 2 times/],
    ['/api/indicators/episode_status?send=maybe', 400, /send must be true or false/],
    ['/api/indicators/episode_status?ageBand=99-100', 400, /ageBand/],
    ['/api/indicators/episode_status?sevice=FIT', 400, /Unknown parameter "sevice"/],
    ['/api/indicators/open_episodes?from=2024-01-01', 400, /cannot be filtered by period/],
    ['/api/rows/episodes?status=lost', 400, /status must be one of/],
    ['/api/rows/episodes?limit=0', 400, /limit must be a whole number/],
    ['/api/rows/episodes?limit=abc', 400, /limit must be a whole number/],
    ['/api/rows/episode_status', 404, /no drill-down called/],
    ['/api/export/episodes?format=pdf', 400, /format must be one of csv, xlsx, parquet, arrow/],
    ['/api/nothing-here', 404, /Not found/],
  ];
  it.each(cases)('%s -> %i', async (path, status, message) => {
    const res = await server.get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).error).toMatch(message);
  });
});

describe('/api/rows/:drill', () => {
  it('pages the episodes behind a number, with x-total-count matching the indicator', async () => {
    // The service with the most open episodes in this sample.
    const byService = rowsOf((await arrow('/api/indicators/open_episodes')).table);
    const service = byService.sort((a, b) => Number(b.open_episodes) - Number(a.open_episodes))[0].service as string;
    const open = rowsOf((await arrow(`/api/indicators/open_episodes?service=${service}`)).table)[0];
    expect(open.open_episodes).toBeGreaterThan(1);
    const { res, table } = await arrow(`/api/rows/episodes?service=${service}&status=open&limit=1`);
    expect(Number(res.headers.get('x-total-count'))).toBe(open.open_episodes);
    expect(table.numRows).toBe(1);
    const over9 = await arrow(`/api/rows/episodes?service=${service}&openOverMonths=9&limit=1`);
    expect(Number(over9.res.headers.get('x-total-count'))).toBe(open.open_over_9_months);
    // The bands above 9 months hold the same episodes as "more than 9 months".
    const bands = rowsOf((await arrow(`/api/indicators/days_open_bands?service=${service}`)).table);
    const above9 = bands.filter((b) => b.band === '9 to 12 months' || b.band === 'over 12 months');
    expect(sum(above9, 'open_episodes')).toBe(open.open_over_9_months);
    const band = await arrow(`/api/rows/episodes?service=${service}&band=${encodeURIComponent('3 to 6 months')}&limit=1`);
    expect(Number(band.res.headers.get('x-total-count'))).toBe(bands.find((b) => b.band === '3 to 6 months')!.open_episodes);

    const page1 = rowsOf((await arrow('/api/rows/episodes?limit=7&offset=0')).table);
    const page2 = rowsOf((await arrow('/api/rows/episodes?limit=7&offset=7')).table);
    const both = rowsOf((await arrow('/api/rows/episodes?limit=14&offset=0')).table);
    expect([...page1, ...page2].map((r) => r.episode_id)).toEqual(both.map((r) => r.episode_id));
  });

  it("each drill-down's total is the number it stands behind", async () => {
    const total = async (path: string) => Number((await arrow(path)).res.headers.get('x-total-count'));
    const compliance = rowsOf((await arrow('/api/indicators/practice_compliance?from=2024-04-01')).table);
    expect(await total('/api/rows/practice_standards?from=2024-04-01&status=missed&limit=1')).toBe(sum(compliance, 'missed'));
    // The overdue list is the part of the missed rows still owed on a live case (overdueStandards.ts).
    const overdue = rowsOf((await arrow('/api/rows/overdue_standards?from=2024-04-01&limit=5000')).table);
    expect(overdue.length).toBeLessThanOrEqual(sum(compliance, 'missed'));
    for (const r of overdue) if (r.standard !== 'closure_summary') expect(['open', 'waiting']).toContain(r.episode_status);
    expect(await total('/api/rows/practice_standards?from=2024-04-01&status=met&limit=1')).toBe(sum(compliance, 'met'));
    const routes = rowsOf((await arrow('/api/indicators/family_circle_closure_routes')).table);
    for (const r of routes) expect(await total(`/api/rows/family_circle_closures?route=${r.route}&limit=1`)).toBe(r.n_closures);
    const sf = rowsOf((await arrow('/api/indicators/supporting_families_summary')).table)[0];
    expect(await total('/api/rows/nearly_there?limit=1')).toBe(sf.nearly_there);
    const prePost = rowsOf((await arrow('/api/indicators/pre_post_summary')).table).find((r) => r.measure === 'offence' && r.comparison_group === false)!;
    expect(await total('/api/rows/pre_post?measure=offence&group=intervention&limit=1')).toBe(prePost.people);
  });

  it('sends identifiers pseudonymised, never as stored', async () => {
    const db = await Database.open(sample.db, { readOnly: true });
    const ids = new Set((await db.all<{ id: string }>(`SELECT episode_id AS id FROM mart_episodes UNION SELECT family_id FROM mart_episodes`)).map((r) => r.id));
    db.close();
    const rows = rowsOf((await arrow('/api/rows/episodes?limit=50')).table);
    for (const r of rows) {
      expect(r.episode_id).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
      expect(r.family_id).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
      expect(ids.has(r.episode_id as string)).toBe(false);
    }
  });
});

describe('quality and docs', () => {
  it('/api/quality lists rejects by file, column and rule', async () => {
    const { table } = await arrow('/api/quality');
    expect(table.schema.fields.map((f) => f.name)).toEqual(['file', 'column', 'rule', 'rejected_rows', 'first_line', 'last_line']);
  });

  it('/api/quality/freshness gives each file and each event source with its latest date', async () => {
    const rows = rowsOf((await arrow('/api/quality/freshness')).table);
    const events = rows.find((r) => r.name === 'events.csv')!;
    expect(events).toMatchObject({ kind: 'file', format: 'csv' });
    expect(events.rows_loaded_last_load).toBe(events.rows_read_last_load);
    expect(new Date(events.latest_on as number).toISOString().slice(0, 10) <= '2025-06-30').toBe(true);
    const sources = rows.filter((r) => r.kind === 'event_source').map((r) => r.name);
    expect(sources).toContain('events: case_system');
    expect(sources).toContain('events: police');
  });

  it('/api/docs/dictionary documents every model with built column types', async () => {
    const res = await server.get('/api/docs/dictionary');
    const docs = await res.json();
    const mart = docs.models.find((m: { name: string }) => m.name === 'mart_episodes');
    expect(mart).toMatchObject({ layer: 'marts', kind: 'model', built: true });
    expect(mart.columns.find((c: { name: string }) => c.name === 'referral_on')).toMatchObject({ type: 'DATE' });
    expect(mart.dependsOn).toContain('int_episodes');
  });

  it('/api/docs/lineage.svg is an SVG image', async () => {
    const res = await server.get('/api/docs/lineage.svg');
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*mart_episodes[\s\S]*<\/svg>\s*$/);
  });
});

describe('security', () => {
  it('sends the security headers on API responses, errors and pages', async () => {
    for (const path of ['/api/meta', '/api/indicators/nope', '/api/indicators/episode_status', '/']) {
      const res = await server.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/default-src 'self'/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      if (path.startsWith('/api/')) expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers an internal failure with a generic message: no SQL, no stack, no path', async () => {
    const broken = await startServer({
      dbPath: sample.db,
      log: (m) => logged.push(m),
      registry: {
        indicators: [
          {
            name: 'broken',
            title: 'Broken',
            page: 'overview',
            description: 'Reads a column that does not exist',
            run: (ctx) => ctx.db.selectFrom(ctx.ref('mart_episodes').as('e')).select(sql<number>`e.no_such_column`.as('x')),
          },
        ],
      },
    });
    try {
      const res = await broken.get('/api/indicators/broken');
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text).error).toMatch(/Something went wrong on the server/);
      expect(text).not.toMatch(/no_such_column|select|binder|mart_episodes|\.ts\b|duckdb|\bat \S+:\d+/i);
      // The detail is in the server's own log.
      expect(logged.join('\n')).toMatch(/no_such_column/);
    } finally {
      await broken.close();
    }
  });
});
