// Every filter value reaches SQL only as a bound parameter: injection strings through
// every parameter of every route (and the names in the path, and the sign-in form) on a
// real sample database give a clear 4xx or an answer, never a 500 and never database
// error text. Impossible dates in every date parameter are a 400. Values that pass the
// allow-list because the data holds them (a locality, a team and a service named like an
// injection, added to the sample database) reach SQL and come back as data. Also: every
// registered indicator's disclosure description accounts for every numeric column it
// returns.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { loadConfig } from '../../../models/config.ts';
import { undescribedColumns } from '../../../dashboard/server/access/Disclosure.ts';
import { indicatorDisclosure } from '../../../dashboard/server/access/indicatorDisclosure.ts';
import { indicators } from '../../../dashboard/server/indicatorRegistry.ts';
import { Registry } from '../../../dashboard/server/Registry.ts';
import { apiContext, defaultParams, filterKeys } from '../../../dashboard/server/RegistryEntry.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { startServer, type RunningServer } from './helpers/startServer.ts';
import { signIn, writeAccounts } from './helpers/accounts.ts';

let sample: SampleDatabase;
let server: RunningServer;
let commissioner: string;

/**
 * Names that pass the allow-list (the data holds them) and would break SQL pasted into a
 * statement: quotes, a statement separator and comments, a Postgres-style placeholder,
 * LIKE wildcards, a backslash and non-ASCII text.
 */
const hostileLocality = "Hadley'; DROP TABLE events;--";
const hostileTeam = 'FIT "Hadley" $1 ? %_\\ \u00e9\u4e2d';
const hostileService = "SF') OR 1=1 --";

beforeAll(async () => {
  sample = await sampleDatabase(60);
  // One more episode, a copy of the first with hostile names, and a family in the hostile
  // locality: /api/meta then offers them, so they pass validation and reach the query.
  const db = await Database.open(sample.db);
  try {
    await db.run(
      `INSERT INTO mart_episodes SELECT * REPLACE ('E-hostile' AS episode_id, 'F-hostile' AS family_id, $1 AS locality, $2 AS team, $3 AS service)
       FROM mart_episodes WHERE episode_id = (SELECT min(episode_id) FROM mart_episodes)`,
      [hostileLocality, hostileTeam, hostileService],
    );
    await db.run(`INSERT INTO families (family_id, locality) VALUES ('F-hostile', $1)`, [hostileLocality]);
  } finally {
    db.close();
  }
  const usersFile = await writeAccounts([
    { username: 'test-admin', role: 'admin', password: 'test-admin-password' },
    { username: 'c', role: 'commissioner', password: 'commissioner-password' },
  ]);
  server = await startServer({ dbPath: sample.db, access: { usersFile } });
  commissioner = await signIn(server.url, 'c', 'commissioner-password');
});
afterAll(async () => {
  await server?.close();
  sample?.remove();
});

const injections = [
  "' OR '1'='1",
  "x'); DROP TABLE mart_episodes; --",
  '" OR ""="',
  "' UNION SELECT person_id, 1, 1 FROM people --",
  '1; SELECT * FROM read_csv(\'/etc/passwd\')',
  "FIT' --",
  '\\x00\u0000',
  '%27%20OR%201%3D1',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '2024-01-01\' OR 1=1 --',
  'x'.repeat(3000),
];

/** Text a database or a stack trace would leave in an answer. */
const leak = /Binder Error|Parser Error|Catalog Error|Conversion Error|Invalid Input Error|Out of Range Error|syntax error at|duckdb|TypeError|ReferenceError|\.ts:\d+|node_modules/i;

async function probe(path: string, cookie?: string): Promise<number> {
  const res = await server.app.inject({ method: 'GET', url: path, headers: { cookie: cookie ?? (await adminCookie()) } });
  expect(res.statusCode, path.slice(0, 200)).not.toBeGreaterThanOrEqual(500);
  expect(res.body.slice(0, 5000), path.slice(0, 200)).not.toMatch(leak);
  return res.statusCode;
}

let admin: Promise<string> | undefined;
const adminCookie = () => (admin ??= signIn(server.url, 'test-admin', 'test-admin-password'));

const q = (k: string, v: string) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;

/** Dates that match YYYY-MM-DD but are not in the calendar; DuckDB refuses them in a DATE cast. */
const impossibleDates = ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-00', '2024-04-31'];
/** Real dates at the ends of the range: answered, or refused, but never a 500 (pages only: an export would write the same rows). */
const farDates = ['0001-01-01', '9999-12-31'];
/** A parameter takes a date when its pattern lets a date through and an ordinary word not (monthEnd, not edition). */
const takesDate = (p: { pattern?: string }) => !!p.pattern && new RegExp(p.pattern).test('2024-01-31') && !new RegExp(p.pattern).test('FIT');

describe('injection strings through every parameter of every route', () => {
  it('indicators, rows and exports: every filter, every parameter of the entry, the route parameters and the name', async () => {
    const meta = await (await server.get('/api/meta')).json();
    const entries = [
      ...meta.indicators.map((e: { name: string; params: { name: string }[] }) => ({ ...e, base: `/api/indicators/${e.name}`, extra: [] as string[] })),
      ...meta.drills.map((e: { name: string; params: { name: string }[] }) => ({ ...e, base: `/api/rows/${e.name}`, extra: ['limit', 'offset'] })),
      ...[...meta.indicators, ...meta.drills].map((e: { name: string; params: { name: string }[] }) => ({ ...e, base: `/api/export/${e.name}`, extra: ['format'] })),
    ];
    const statuses = new Map<number, number>();
    for (const e of entries) {
      const keys = ['from', 'to', 'service', 'locality', 'team', 'ageBand', 'sex', 'ethnicity', 'send', ...e.params.map((p: { name: string }) => p.name), ...e.extra];
      // Date-like: from/to, and every parameter that takes a date (its pattern accepts one).
      const dateKeys = ['from', 'to', ...e.params.filter(takesDate).map((p: { name: string }) => p.name)];
      for (const key of keys) {
        const hostile = dateKeys.includes(key) ? [...injections, ...impossibleDates, ...(e.base.startsWith('/api/export/') ? [] : farDates)] : injections;
        for (const s of hostile) {
          const status = await probe(`${e.base}?${q(key, s)}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
        // Repeated, and mixed with a good value.
        await probe(`${e.base}?${q(key, 'FIT')}&${q(key, injections[0])}`);
      }
      await probe(`${e.base}?${q("'; DROP TABLE x; --", '1')}`);
    }
    // Every one refused as bad input (a few parameters take any text and simply find nothing).
    expect([...statuses.keys()].every((s) => [200, 400, 403, 404].includes(s))).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(1000);
  });

  it('impossible dates in every date parameter (from, to, a drill-down\'s monthEnd) are a 400 that says what is wrong, on pages, rows and exports', async () => {
    const meta = await (await server.get('/api/meta')).json();
    type Info = { name: string; filters: string[]; params: { name: string; pattern?: string }[] };
    const dated: [string, string][] = [];
    for (const [base, list] of [
      ['/api/indicators/', meta.indicators],
      ['/api/rows/', meta.drills],
      ['/api/export/', [...meta.indicators, ...meta.drills]],
    ] as [string, Info[]][]) {
      for (const e of list) {
        if (e.filters.includes('period')) dated.push([`${base}${e.name}`, 'from'], [`${base}${e.name}`, 'to']);
        for (const p of e.params) if (takesDate(p)) dated.push([`${base}${e.name}`, p.name]);
      }
    }
    // caseloads' monthEnd is the one date parameter of an entry today; from and to on most.
    expect(dated).toContainEqual(['/api/rows/caseloads', 'monthEnd']);
    expect(dated).toContainEqual(['/api/export/caseloads', 'monthEnd']);
    for (const [path, key] of dated) {
      for (const d of impossibleDates) {
        const res = await server.app.inject({ url: `${path}?${q(key, d)}`, headers: { cookie: await adminCookie() } });
        expect(res.statusCode, `${path}?${key}=${d}`).toBe(400);
        expect(res.json().error, `${path}?${key}=${d}`).toBe(`${key} must be a date written YYYY-MM-DD that exists in the calendar (got "${d}").`);
      }
    }
    // The same dates that exist are answered.
    expect((await server.get('/api/rows/caseloads?monthEnd=2025-05-31')).status).toBe(200);
    expect((await server.get('/api/rows/caseloads?monthEnd=2024-02-29')).status).toBe(200);
  });

  it('names in the path', async () => {
    for (const s of injections) {
      for (const base of ['/api/indicators/', '/api/rows/', '/api/export/']) expect(await probe(`${base}${encodeURIComponent(s.slice(0, 150))}`)).toBe(404);
    }
  });

  it('routes without parameters ignore or refuse them, quality and docs included; the audit log refuses bad values', async () => {
    for (const path of ['/api/meta', '/api/quality', '/api/quality/freshness', '/api/docs/dictionary', '/api/docs/lineage.svg', '/api/session', '/api/health']) {
      for (const s of injections.slice(0, 6)) expect(await probe(`${path}?${q('service', s)}&${q(s.slice(0, 50), s)}`)).toBeLessThan(500);
    }
    for (const key of ['from', 'to', 'event', 'username', 'target', 'limit', 'offset']) {
      for (const s of injections) await probe(`/api/audit?${q(key, s)}`);
      for (const s of injections) await probe(`/admin/audit?${q(key, s)}`);
    }
  });

  it('as a commissioner (disclosure control on the answers) too', async () => {
    const meta = await (await server.app.inject({ url: '/api/meta', headers: { cookie: commissioner } })).json();
    expect(meta.indicators.length).toBe(indicators.length);
    for (const e of meta.indicators) {
      for (const key of ['locality', 'from', ...e.params.map((p: { name: string }) => p.name)]) {
        for (const s of injections.slice(0, 4)) await probe(`/api/indicators/${e.name}?${q(key, s)}`, commissioner);
      }
      expect(await probe(`/api/indicators/${e.name}`, commissioner), e.name).toBe(200);
    }
    // The long logic model table: no count of 1-5 is left on count rows, and some are c.
    const res = await server.app.inject({ url: '/api/indicators/logic_model?byLocality=true', headers: { cookie: commissioner } });
    const rows = tableFromIPC(res.rawPayload).toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const counts = rows.filter((r) => r.aggregation === 'count');
    expect(counts.some((r) => r.value === 'c')).toBe(true);
    expect(counts.filter((r) => r.value !== 'c' && r.value !== null && Number(r.value) >= 1 && Number(r.value) <= 5)).toEqual([]);
  });

  it('the sign-in form', async () => {
    for (const s of injections) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80', host: 'localhost:80' },
        payload: new URLSearchParams({ username: s, password: s, next: s }).toString(),
      });
      expect([400, 401, 413, 429]).toContain(res.statusCode);
      expect(res.body).not.toMatch(leak);
    }
  });
});

describe('values that pass the allow-list reach SQL as bound parameters', () => {
  const get = async (path: string) => {
    const res = await server.app.inject({ url: path, headers: { cookie: await adminCookie() } });
    expect(res.statusCode, path).toBe(200);
    expect(res.body, path).not.toMatch(leak);
    return res;
  };
  const rowsOf = (res: { rawPayload: Buffer }) => tableFromIPC(res.rawPayload).toArray().map((r) => r.toJSON() as Record<string, unknown>);

  it('/api/meta offers the hostile names, exactly as stored', async () => {
    const meta = await (await server.get('/api/meta')).json();
    expect(meta.filters.locality).toContain(hostileLocality);
    expect(meta.filters.team).toContain(hostileTeam);
    expect(meta.filters.service).toContain(hostileService);
  });

  it('a locality, a team and a service named like an injection find their own episode, and only it', async () => {
    for (const [key, value] of [
      ['locality', hostileLocality],
      ['team', hostileTeam],
      ['service', hostileService],
    ]) {
      const res = await get(`/api/rows/episodes?${q(key, value)}`);
      expect(res.headers['x-total-count'], key).toBe('1');
      const [row] = rowsOf(res);
      expect(row, key).toMatchObject({ locality: hostileLocality, team: hostileTeam, service: hostileService });
      // Every entry that takes the filter answers with it (rows, indicators and exports alike), never a 500.
      const meta = await (await server.get('/api/meta')).json();
      for (const e of [...meta.indicators, ...meta.drills] as { name: string; filters: string[] }[]) {
        if (!e.filters.includes(key)) continue;
        const base = meta.drills.some((d: { name: string }) => d.name === e.name) ? '/api/rows/' : '/api/indicators/';
        await get(`${base}${e.name}?${q(key, value)}`);
      }
      await get(`/api/export/episodes?format=csv&${q(key, value)}`);
    }
    // Grouped by locality, the hostile locality is a group of its own with its one episode.
    const groups = rowsOf(await get(`/api/indicators/episode_status?by=locality&${q('locality', hostileLocality)}`));
    expect(new Set(groups.map((r) => r.locality))).toEqual(new Set([hostileLocality]));
    expect(groups.reduce((n, r) => n + Number(r.episodes), 0)).toBe(1);
    // Mixed with an ordinary value: both bound, both found.
    const both = await get(`/api/rows/episodes?${q('locality', hostileLocality)}&${q('locality', 'Madeley')}&limit=5000`);
    expect(new Set(rowsOf(both).map((r) => r.locality))).toEqual(new Set([hostileLocality, 'Madeley']));
  });

  it('free-text parameters are bound too: an edition of dots and dashes finds nothing, and the database is intact afterwards', async () => {
    for (const edition of ['--', '1.0--', "x'", '_%']) {
      const res = await server.app.inject({ url: `/api/rows/reading_pairs?${q('edition', edition)}`, headers: { cookie: await adminCookie() } });
      // The pattern lets letters, digits, dot, dash and underscore through (bound, matching no edition); anything else is a 400.
      expect(res.statusCode, edition).toBe(/^[A-Za-z0-9_.-]+$/.test(edition) ? 200 : 400);
      if (res.statusCode === 200) expect(res.headers['x-total-count'], edition).toBe('0');
    }
    // The events table the hostile locality names is still there.
    const freshness = rowsOf(await get('/api/quality/freshness'));
    expect(freshness.some((r) => String(r.name).startsWith('events'))).toBe(true);
    expect((await get(`/api/rows/episodes?${q('locality', hostileLocality)}`)).headers['x-total-count']).toBe('1');
  });
});

describe('disclosure descriptions of the registered indicators', () => {
  it('every registered indicator has one, naming every numeric column it returns (every grouping), and only columns that exist', async () => {
    // Totals (totalEntry) carry their own description; every other indicator has one in indicatorDisclosure.
    expect(Object.keys(indicatorDisclosure).sort()).toEqual(indicators.filter((i) => !i.disclosure).map((i) => i.name).sort());
    const config = loadConfig();
    const registry = new Registry(config);
    const db = await Database.open(sample.db, { readOnly: true, externalAccess: false });
    try {
      for (const entry of registry.indicators.values()) {
        const d = entry.disclosure ?? indicatorDisclosure[entry.name];
        const seen = new Set<string>();
        // Each value of each parameter with a list (groupings change the columns).
        const variants = [defaultParams(entry)];
        for (const [name, spec] of Object.entries(entry.params ?? {})) for (const v of spec.values ?? []) variants.push({ ...defaultParams(entry), [name]: v });
        for (const params of variants) {
          const { sql, parameters } = entry.run(apiContext(config), {}, params).compile();
          const cols = (await db.all<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`, parameters)).map((c) => ({ name: c.column_name, type: c.column_type }));
          cols.forEach((c) => seen.add(c.name));
          expect(undescribedColumns({ columns: cols }, d), `${entry.name} ${JSON.stringify(params)}`).toEqual([]);
        }
        const named = [...d.counts, ...(d.labels ?? []), ...Object.entries(d.rates ?? {}).flatMap(([c, r]) => [c, r.denominator, ...(r.numerator ? [r.numerator] : [])])];
        for (const c of named) expect(seen, `${entry.name}: ${c}`).toContain(c);
      }
    } finally {
      db.close();
    }
    expect(filterKeys).toContain('locality');
  });
});
