// Role x endpoint x scope, on a real sample database with every mart built (issue #5):
// every registered indicator and drill-down, with the values of their grouping parameters;
// every export format, each file opened and its rows read; /api/meta; the data quality
// routes; for each role (service managers scoped by locality, by two services, and by a
// locality and a service; commissioner; analyst; administrator); and crafted parameters
// (another locality or service, repeated and array-style parameters, another area's
// team, limit and offset at and past their ends).
//
// A scoped answer is checked against the database, not only by its locality, service and
// team columns: every identifier in it (pseudonymised) is traced back to its episode,
// family, person, worker, assessment or need, which must belong to the scope, and no
// identifier that belongs only to other areas may appear in any column. Totals of a few
// answers are compared with counts taken straight from the marts.
//
// One server for the file, requests in-process (fastify inject).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorDisclosure } from '../../../dashboard/server/access/indicatorDisclosure.ts';
import { createServer, type DashboardServer } from '../../../dashboard/server/createServer.ts';
import { drills } from '../../../dashboard/server/drillRegistry.ts';
import { indicators } from '../../../dashboard/server/indicatorRegistry.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { passwordOf, writeAccounts, type TestAccount } from './helpers/accounts.ts';
import { arrowRows, readExport } from './helpers/readExport.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';

const accounts = {
  admin: { username: 'm-admin', role: 'admin' },
  analyst: { username: 'm-analyst', role: 'analyst' },
  commissioner: { username: 'm-commissioner', role: 'commissioner' },
  smLocality: { username: 'm-sm-hadley-castle', role: 'service_manager', localities: ['Hadley Castle'] },
  smServices: { username: 'm-sm-sf-yit', role: 'service_manager', services: ['SF', 'YIT'] },
  smBoth: { username: 'm-sm-wellington-tyss', role: 'service_manager', localities: ['Wellington'], services: ['TYSS'] },
} satisfies Record<string, TestAccount>;
type Who = keyof typeof accounts;
const everyone = Object.keys(accounts) as Who[];
const managers: Who[] = ['smLocality', 'smServices', 'smBoth'];
const formats = ['csv', 'xlsx', 'parquet', 'arrow'] as const;

type Row = Record<string, unknown>;
interface Area {
  locality: string | null;
  service: string | null;
}
interface EntryInfo {
  name: string;
  filters: string[];
  params: { name: string; values?: string[]; pattern?: string }[];
}

let sample: SampleDatabase;
let server: DashboardServer;
let reader: Database;
const cookies = new Map<Who, string>();
/** pseudonym -> the entity it stands for. */
const pseudonyms = new Map<string, { kind: string; id: string }>();
/** entity key (kind:id) -> the areas it belongs to. */
const areasOf = new Map<string, Area[]>();
const teamAreas = new Map<string, Area[]>();
let localities: string[] = [];
let services: string[] = [];
let counts: Record<string, (sql: string, params?: unknown[]) => Promise<number>> = {};
let analystMeta: { indicators: EntryInfo[]; drills: EntryInfo[]; filters: Record<string, string[]> };

beforeAll(async () => {
  sample = await sampleDatabase(60);
  const usersFile = await writeAccounts(Object.values(accounts));
  server = await createServer({ dbPath: sample.db, mode: 'development', env: {}, log: () => {}, scratchDir: join(sample.dir, 'scratch'), access: { usersFile } });
  for (const who of everyone) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80', host: 'localhost:80' },
      payload: new URLSearchParams({ username: accounts[who].username, password: passwordOf(accounts[who]), next: '/' }).toString(),
    });
    expect(res.statusCode, `sign in ${who}`).toBe(303);
    cookies.set(who, String(res.headers['set-cookie']).split(';')[0]);
  }
  // The truth, read from the file the server serves (a second read-only handle).
  reader = await Database.open(sample.db, { readOnly: true });
  const key = readFileSync(`${sample.db}.pseudonym-key`, 'utf8').trim();
  const pseudonym = (id: string) => `p_${createHmac('sha256', key).update(id).digest('base64url').slice(0, 22)}`;
  const entityAreas = await reader.all<{ kind: string; id: string; locality: string | null; service: string | null }>(`
    SELECT 'episode' AS kind, episode_id AS id, locality, service FROM mart_episodes
    UNION ALL SELECT 'family', family_id, locality, service FROM mart_episodes
    UNION ALL SELECT 'family', family_id, locality, NULL FROM families
    UNION ALL SELECT 'person', subject_person_id, locality, service FROM mart_episodes WHERE subject_person_id IS NOT NULL
    UNION ALL SELECT 'person', p.person_id, e.locality, e.service FROM people p JOIN mart_episodes e USING (family_id)
    UNION ALL SELECT 'worker', worker_id, locality, service FROM mart_episodes WHERE worker_id IS NOT NULL
    UNION ALL SELECT 'worker', worker_id, locality, service FROM workers
    UNION ALL SELECT 'worker', worker_id, locality, service FROM mart_caseloads
    UNION ALL SELECT 'assessment', a.assessment_id, e.locality, e.service FROM assessments a JOIN mart_episodes e USING (episode_id)
    UNION ALL SELECT 'assessment', a.assessment_id, e.locality, e.service FROM assessments a JOIN people p USING (person_id) JOIN mart_episodes e ON e.family_id = p.family_id
    UNION ALL SELECT 'need', n.need_id, e.locality, e.service FROM family_needs n JOIN mart_episodes e USING (family_id)`);
  for (const r of entityAreas) {
    const k = `${r.kind}:${r.id}`;
    if (!areasOf.has(k)) {
      areasOf.set(k, []);
      pseudonyms.set(pseudonym(r.id), { kind: r.kind, id: r.id });
    }
    areasOf.get(k)!.push({ locality: r.locality, service: r.service });
  }
  for (const r of await reader.all<{ team: string; locality: string | null; service: string | null }>(
    `SELECT team, locality, service FROM mart_episodes WHERE team IS NOT NULL UNION SELECT team, locality, service FROM workers WHERE team IS NOT NULL
     UNION SELECT team, locality, service FROM mart_caseloads WHERE team IS NOT NULL`,
  )) {
    if (!teamAreas.has(r.team)) teamAreas.set(r.team, []);
    teamAreas.get(r.team)!.push({ locality: r.locality, service: r.service });
  }
  localities = (await reader.all<{ v: string }>(`SELECT DISTINCT locality AS v FROM mart_episodes WHERE locality IS NOT NULL ORDER BY 1`)).map((r) => r.v);
  services = (await reader.all<{ v: string }>(`SELECT DISTINCT service AS v FROM mart_episodes WHERE service IS NOT NULL ORDER BY 1`)).map((r) => r.v);
  const scopedCount = (table: string, where = 'true') => async (scopeSql: string, params: unknown[] = []) =>
    Number((await reader.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where} AND ${scopeSql}`, params))!.n);
  counts = {
    episodes: scopedCount('mart_episodes'),
    open: scopedCount('mart_episodes', `status = 'open'`),
    caseloads: scopedCount('mart_caseloads'),
    practice_standards: scopedCount('mart_practice_standards'),
  };
  analystMeta = await json('analyst', '/api/meta');
  expect(localities).toEqual(['Hadley Castle', 'Madeley', 'Oakengates', 'Wellington']);
}, 120_000);

afterAll(async () => {
  reader?.close();
  await server?.close();
  sample?.remove();
});

async function get(who: Who, url: string) {
  return server.app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)! } });
}
async function json(who: Who, url: string) {
  const res = await get(who, url);
  expect(res.statusCode, `${who} ${url}`).toBe(200);
  return res.json();
}
/** A cell as text, the same whatever format it came in (CSV writes null as ''). */
const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

const scopeOf = (who: Who): { localities?: string[]; services?: string[] } => accounts[who] as { localities?: string[]; services?: string[] };
const isScoped = (who: Who) => scopeOf(who).localities !== undefined || scopeOf(who).services !== undefined;
const inScope = (who: Who, a: Area) => {
  const s = scopeOf(who);
  return (!s.localities || (a.locality !== null && s.localities.includes(a.locality))) && (!s.services || (a.service !== null && s.services.includes(a.service)));
};
const kindOfColumn = (column: string): string | undefined =>
  [
    [/(^|_)episode_id$/, 'episode'],
    [/(^|_)family_id$/, 'family'],
    [/(^|_)person_id$/, 'person'],
    [/(^|_)worker_id$/, 'worker'],
    [/(^|_)assessment_id$/, 'assessment'],
    [/(^|_)need_id$/, 'need'],
  ].find(([re]) => (re as RegExp).test(column))?.[1] as string | undefined;

/**
 * Fails unless every row belongs to the account's scope: its locality and service, the
 * areas its team works in, and the entity behind each identifier (in any column).
 */
function checkScopedRows(who: Who, rows: Row[], where: string): void {
  const s = scopeOf(who);
  for (const [i, row] of rows.entries()) {
    const at = `${where} row ${i}`;
    const locality = text(row.locality);
    const service = text(row.service);
    if (s.localities && locality !== null) expect(s.localities, `${at}: locality`).toContain(locality);
    if (s.services && service !== null) expect(s.services, `${at}: service`).toContain(service);
    const team = text(row.team);
    if (team !== null) expect((teamAreas.get(team) ?? []).some((a) => inScope(who, a)), `${at}: team ${team} works outside the scope`).toBe(true);
    for (const [column, value] of Object.entries(row)) {
      const v = text(value);
      if (v === null) continue;
      const kind = kindOfColumn(column);
      if (column.endsWith('_id')) {
        expect(kind, `${at}: an identifier column nobody traced: ${column}`).toBeDefined();
        expect(v, `${at}: ${column} is not pseudonymised`).toMatch(/^p_[A-Za-z0-9_-]{22}$/);
      }
      const entity = pseudonyms.get(v);
      if (kind) expect(entity, `${at}: ${column} ${v} is no ${kind} of this database`).toBeDefined();
      if (!entity) continue;
      const areas = areasOf.get(`${entity.kind}:${entity.id}`)!;
      expect(areas.some((a) => inScope(who, a)), `${at}: ${column} is ${entity.kind} ${entity.id} of ${JSON.stringify(areas)}, outside the scope`).toBe(true);
    }
  }
}

/** Fails if a commissioner's answer holds an identifier or a count of 1-5. */
/** An indicator's disclosure description: its own (the totals of totalEntry) or the registry's. */
const disclosureOf = (name: string) => indicators.find((i) => i.name === name)?.disclosure ?? indicatorDisclosure[name];

function checkSuppressed(name: string, rows: Row[], where: string): void {
  const d = disclosureOf(name);
  for (const [i, row] of rows.entries()) {
    for (const column of Object.keys(row)) expect(column.endsWith('_id'), `${where}: identifier column ${column}`).toBe(false);
    const countColumns = [...d.counts, ...(d.byRow && d.byRow.kind(row as never) === 'count' ? [d.byRow.column] : [])];
    for (const c of countColumns) {
      const v = text(row[c]);
      if (v === null || v === 'c') continue;
      const n = Number(v);
      expect(n >= 1 && n <= 5, `${where} row ${i}: ${c} = ${v} is a small count left in`).toBe(false);
    }
  }
}

/** The page route of an entry. */
const pageOf = (e: EntryInfo) => (analystMeta.drills.some((d) => d.name === e.name) ? `/api/rows/${e.name}` : `/api/indicators/${e.name}`);
const isDrill = (e: EntryInfo) => analystMeta.drills.some((d) => d.name === e.name);
const withQuery = (path: string, q: string) => (q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path);
const enc = encodeURIComponent;

/**
 * Each value of each grouping parameter (by...), which changes the columns and rows, and
 * of an indicator's other listed parameters one value. A drill-down's parameters only
 * narrow its rows: its default is enough here.
 */
function variants(e: EntryInfo): string[] {
  const out = [''];
  if (isDrill(e)) return out;
  for (const p of e.params) {
    if (!p.values) continue;
    for (const v of p.name.startsWith('by') ? p.values : p.values.slice(0, 1)) out.push(`${p.name}=${enc(v)}`);
  }
  return out;
}

/** Whether a scoped manager can have an entry at all: it must take every dimension of their scope. */
const runnableFor = (who: Who, e: EntryInfo) =>
  (!scopeOf(who).localities || e.filters.includes('locality')) && (!scopeOf(who).services || e.filters.includes('service'));
/** The scope as an analyst would ask for it. */
const scopeQuery = (who: Who) =>
  [...(scopeOf(who).localities ?? []).map((l) => `locality=${enc(l)}`), ...(scopeOf(who).services ?? []).map((s) => `service=${enc(s)}`)].join('&');
const scopeSql = (who: Who): [string, unknown[]] => {
  const s = scopeOf(who);
  const conds: string[] = [];
  const params: unknown[] = [];
  if (s.localities) conds.push(`locality IN (${s.localities.map((l) => (params.push(l), `$${params.length}`)).join(', ')})`);
  if (s.services) conds.push(`service IN (${s.services.map((x) => (params.push(x), `$${params.length}`)).join(', ')})`);
  return [conds.join(' AND ') || 'true', params];
};

const allEntries = () => [...analystMeta.indicators, ...analystMeta.drills];

describe('the registries are covered', () => {
  it('every registered indicator and drill-down is in this database and in the matrix', () => {
    expect(analystMeta.indicators.map((e) => e.name).sort()).toEqual(indicators.map((e) => e.name).sort());
    expect(analystMeta.drills.map((e) => e.name).sort()).toEqual(drills.map((e) => e.name).sort());
    expect(allEntries().length).toBeGreaterThanOrEqual(30);
  });
});

describe('every indicator and drill-down, for every role, with every grouping', () => {
  for (const who of everyone) {
    it(`${who}: answers or refuses as the role and scope say, and every row it gets is its own`, async () => {
      let answered = 0;
      for (const e of allEntries()) {
        for (const v of variants(e)) {
          const url = withQuery(pageOf(e), [v, isDrill(e) ? 'limit=5000' : ''].filter(Boolean).join('&'));
          const res = await get(who, url);
          const where = `${who} ${url} -> ${res.statusCode}`;
          if (who === 'commissioner') {
            if (isDrill(e)) {
              expect(res.statusCode, where).toBe(403);
              expect(res.json().error, where).toMatch(/aggregates only/);
              continue;
            }
            if (res.statusCode === 403) {
              // Grouped by worker (identifiers), or a table that cannot be made safe: said so, nothing sent.
              expect(res.json().error, where).toMatch(/person-level identifiers|cannot be shown with small numbers hidden/);
              if (/worker_id/.test(v)) expect(res.json().error, where).toMatch(/person-level identifiers/);
              continue;
            }
            expect(res.statusCode, where).toBe(200);
            const rows = arrowRows(res.rawPayload);
            checkSuppressed(e.name, rows, where);
            // The same rows as the analyst's, numbers or c.
            const theirs = arrowRows((await get('analyst', url)).rawPayload);
            expect(rows.length, where).toBe(theirs.length);
            answered++;
            continue;
          }
          if (isScoped(who) && !runnableFor(who, e)) {
            expect(res.statusCode, where).toBe(403);
            expect(res.json().error, where).toMatch(/cannot be limited to your/);
            continue;
          }
          expect(res.statusCode, where).toBe(200);
          answered++;
          const rows = arrowRows(res.rawPayload);
          if (!isScoped(who)) {
            // Analysts and administrators: the same answer, all of it.
            if (who === 'admin') expect(rows, where).toEqual(arrowRows((await get('analyst', url)).rawPayload));
            continue;
          }
          checkScopedRows(who, rows, where);
          // Nothing asked is the scope: exactly the analyst's answer to the scope asked for.
          const analysts = await get('analyst', withQuery(url, scopeQuery(who)));
          expect(rows, `${where}: not the analyst's answer for the scope`).toEqual(arrowRows(analysts.rawPayload));
        }
      }
      expect(answered, who).toBeGreaterThan(20);
    });
  }

  it('scoped totals match counts taken straight from the marts', async () => {
    for (const who of managers) {
      const [cond, params] = scopeSql(who);
      const total = async (url: string) => Number((await get(who, url)).headers['x-total-count']);
      expect(await total('/api/rows/episodes?limit=1'), `${who} episodes`).toBe(await counts.episodes(cond, params));
      expect(await total('/api/rows/cohort?limit=1'), `${who} cohort`).toBe(await counts.episodes(cond, params));
      expect(await total('/api/rows/caseloads?limit=1'), `${who} caseloads`).toBe(await counts.caseloads(cond, params));
      expect(await total('/api/rows/practice_standards?limit=1'), `${who} practice standards`).toBe(await counts.practice_standards(cond, params));
      const byMonth = arrowRows((await get(who, '/api/indicators/referrals_by_month')).rawPayload);
      expect(byMonth.reduce((n, r) => n + Number(r.referrals), 0), `${who} referrals`).toBe(await counts.episodes(cond, params));
      const open = arrowRows((await get(who, '/api/indicators/open_episodes?by=service')).rawPayload);
      expect(open.reduce((n, r) => n + Number(r.open_episodes), 0), `${who} open episodes`).toBe(await counts.open(cond, params));
    }
    // And the analyst's, over everything, match the same counts unscoped (so the counts above are the right ones).
    expect(Number((await get('analyst', '/api/rows/episodes?limit=1')).headers['x-total-count'])).toBe(await counts.episodes('true'));
    expect(Number((await get('analyst', '/api/rows/practice_standards?limit=1')).headers['x-total-count'])).toBe(await counts.practice_standards('true'));
  });
});

describe('every export format, every role: the file is opened and its rows checked', () => {
  for (const who of everyone) {
    it(`${who}: exports what the role may, each file holding the page's rows, scoped or suppressed as the page`, async () => {
      let files = 0;
      for (const [i, e] of allEntries().entries()) {
        // Each role gets every format, the entries taking them in turn (7 or 8 entries each,
        // indicators and drill-downs both); exports.test reads every format in full.
        const theirFormats = [formats[i % 4]];
        const page = await get(who, withQuery(pageOf(e), isDrill(e) ? 'limit=5000' : ''));
        for (const format of theirFormats) {
          const url = `/api/export/${e.name}?format=${format}`;
          const res = await get(who, url);
          const where = `${who} ${url} -> ${res.statusCode}`;
          const refused = (isDrill(e) && (who === 'commissioner' || isScoped(who))) || (isScoped(who) && !runnableFor(who, e)) || page.statusCode === 403;
          if (refused) {
            expect(res.statusCode, where).toBe(403);
            expect(res.headers['content-disposition'], where).toBeUndefined();
            if (isDrill(e) && isScoped(who)) expect(res.json().error, where).toMatch(/not export them/);
            continue;
          }
          expect(res.statusCode, where).toBe(200);
          files++;
          const rows = await readExport(format, res.rawPayload, sample.dir);
          const onPage = arrowRows(page.rawPayload);
          expect(rows.length, where).toBe(onPage.length);
          expect(Number(res.headers['x-row-count']), where).toBe(rows.length);
          if (isScoped(who)) checkScopedRows(who, rows, where);
          if (who === 'commissioner') {
            checkSuppressed(e.name, rows, where);
            // The same cells hidden as on the page.
            const d = disclosureOf(e.name);
            for (const c of d.counts) expect(rows.map((r) => text(r[c]) === 'c'), `${where}: ${c}`).toEqual(onPage.map((r) => text(r[c]) === 'c'));
          }
          // Identifiers, localities, services and teams as on the page, in the page's order.
          for (const c of Object.keys(onPage[0] ?? {}).filter((c) => c.endsWith('_id') || ['locality', 'service', 'team'].includes(c))) {
            expect(rows.map((r) => text(r[c])), `${where}: ${c}`).toEqual(onPage.map((r) => text(r[c])));
          }
        }
      }
      expect(files, who).toBeGreaterThan(who === 'admin' || who === 'analyst' ? 25 : 10);
    });
  }
});

describe('crafted parameters never widen a scope', () => {
  for (const who of managers) {
    it(`${accounts[who].username}: another area, repeated and array-style parameters, teams, limit and offset`, async () => {
      const s = scopeOf(who);
      const ownLocality = s.localities?.[0];
      const otherLocality = localities.find((l) => !s.localities || !s.localities.includes(l))!;
      const ownService = s.services?.[0];
      const otherService = services.find((x) => !s.services?.includes(x))!;
      const teamInside = [...teamAreas].find(([, areas]) => areas.some((a) => inScope(who, a)))![0];
      const teamOutside = [...teamAreas].find(([, areas]) => !areas.some((a) => inScope(who, a)))![0];
      // [label, query, the dimension it crosses (its 403 needs the entry to take it), expected when the entry can run]
      const cases: [string, string, 'locality' | 'service' | 'team' | null, number][] = [
        ['another team', `team=${enc(teamOutside)}`, 'team', 400],
        ['own team and another', `team=${enc(teamInside)}&team=${enc(teamOutside)}`, 'team', 400],
        ['own team', `team=${enc(teamInside)}`, 'team', 200],
        ['array-style parameter', `locality[]=${enc(otherLocality)}`, null, 400],
        ['name in capitals', `Locality=${enc(otherLocality)}`, null, 400],
      ];
      for (const [dim, own, other] of [
        ['locality', ownLocality, otherLocality],
        ['service', ownService, otherService],
      ] as const) {
        if (own === undefined) {
          // Not scoped on this dimension: asking for any value narrows within the scope.
          cases.push([`a ${dim} (unscoped dimension)`, `${dim}=${enc(other)}`, dim, 200]);
          continue;
        }
        cases.push(
          [`another ${dim}`, `${dim}=${enc(other)}`, dim, 403],
          [`own and another ${dim}`, `${dim}=${enc(own)}&${dim}=${enc(other)}`, dim, 403],
          [`another ${dim}, then own`, `${dim}=${enc(other)}&${dim}=${enc(own)}`, dim, 403],
          [`empty, then another ${dim}`, `${dim}=&${dim}=${enc(other)}`, dim, 403],
          [`own ${dim} twice`, `${dim}=${enc(own)}&${dim}=${enc(own)}`, dim, 200],
          [`own and another ${dim} as one value`, `${dim}=${enc(`${own},${other}`)}`, dim, 400],
          [`own ${dim} in other letter case`, `${dim}=${enc(own === own.toUpperCase() ? own.toLowerCase() : own.toUpperCase())}`, dim, 400],
          [`own ${dim} with a NUL`, `${dim}=${enc(own)}%00`, dim, 400],
        );
      }
      const statuses = new Map<number, number>();
      for (const e of allEntries()) {
        for (const [label, q, dim, expected] of cases) {
          // Exports take the same path as pages (prepareEntry): another area's refusal is checked on both, the rest on the page.
          for (const base of label.startsWith('another') ? [pageOf(e), `/api/export/${e.name}?format=csv`] : [pageOf(e)]) {
            const url = withQuery(base, q);
            const res = await get(who, url);
            const where = `${who} ${label}: ${url} -> ${res.statusCode}`;
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            const exportOfRows = base.startsWith('/api/export/') && isDrill(e);
            if (!runnableFor(who, e) || exportOfRows) {
              expect([400, 403], where).toContain(res.statusCode);
            } else if (dim && !e.filters.includes(dim)) {
              expect(res.statusCode, where).toBe(400);
            } else {
              expect(res.statusCode, where).toBe(expected);
            }
            if (res.statusCode !== 200) {
              expect(res.json().error, where).toBeTypeOf('string');
              continue;
            }
            checkScopedRows(who, base.startsWith('/api/export/') ? await readExport('csv', res.rawPayload, sample.dir) : arrowRows(res.rawPayload), where);
          }
        }
      }
      expect(statuses.get(200)).toBeGreaterThan(30);
      expect(statuses.get(400)).toBeGreaterThan(100);
      if (s.localities || s.services) expect(statuses.get(403)).toBeGreaterThan(50);

      // Paging: limit and offset at and past their ends; the page is a slice of the whole.
      const all = arrowRows((await get(who, '/api/rows/episodes?limit=5000')).rawPayload);
      expect(all.length).toBeGreaterThan(5);
      for (const [q, status] of [
        ['limit=0', 400],
        ['limit=5001', 400],
        ['limit=-1', 400],
        ['limit=1e3', 400],
        ['limit=1&limit=2', 400],
        ['limit[]=1', 400],
        ['offset=-1', 400],
        ['offset=100000001', 400],
        ['offset=100000000', 200],
        ['limit=5000', 200],
        ['limit=2&offset=3', 200],
      ] as const) {
        const res = await get(who, `/api/rows/episodes?${q}`);
        expect(res.statusCode, `${who} ${q}`).toBe(status);
        if (status !== 200) continue;
        const rows = arrowRows(res.rawPayload);
        checkScopedRows(who, rows, `${who} ${q}`);
        expect(Number(res.headers['x-total-count']), q).toBe(all.length);
        if (q === 'offset=100000000') expect(rows).toEqual([]);
        if (q === 'limit=2&offset=3') expect(rows).toEqual(all.slice(3, 5));
      }
    });
  }
});

describe('/api/meta and the data quality routes, for every role', () => {
  it('meta offers each role what it may use: scoped filter values (teams included), entries it can run, exports it may take', async () => {
    for (const who of everyone) {
      const meta = await json(who, '/api/meta');
      const s = scopeOf(who);
      expect(meta.filters.locality, who).toEqual(s.localities ? analystMeta.filters.locality.filter((l) => s.localities!.includes(l)) : analystMeta.filters.locality);
      expect(meta.filters.service, who).toEqual(s.services ? analystMeta.filters.service.filter((x) => s.services!.includes(x)) : analystMeta.filters.service);
      const teams = analystMeta.filters.team.filter((t) => !isScoped(who) || (teamAreas.get(t) ?? []).some((a) => inScope(who, a)));
      expect(meta.filters.team, who).toEqual(teams);
      if (isScoped(who)) {
        expect(teams.length, who).toBeLessThan(analystMeta.filters.team.length);
        // No team named in meta works only outside the scope (a Hadley Castle manager is not told of FIT Wellington).
        for (const t of meta.filters.team) expect((teamAreas.get(t) ?? []).some((a) => inScope(who, a)), `${who}: ${t}`).toBe(true);
      }
      const listed = new Set([...meta.indicators, ...meta.drills].map((e: EntryInfo) => e.name));
      for (const e of allEntries()) {
        const may = who === 'commissioner' ? !isDrill(e) : !isScoped(who) || runnableFor(who, e);
        expect(listed.has(e.name), `${who} ${e.name} listed`).toBe(may);
        const mayExport = may && (!isDrill(e) || !isScoped(who));
        expect(meta.exports.includes(e.name), `${who} ${e.name} exportable`).toBe(mayExport);
      }
    }
    // A grouping by an identifier (compliance by worker) is not offered where the server would refuse it.
    const byOf = (meta: { indicators: EntryInfo[] }) => meta.indicators.find((e) => e.name === 'practice_compliance')!.params.find((p) => p.name === 'by')!.values!;
    expect(byOf(analystMeta)).toContain('worker_id');
    expect(byOf(await json('commissioner', '/api/meta'))).not.toContain('worker_id');
    expect(byOf(await json('commissioner', '/api/meta'))).toContain('team,standard');
    const hadley = await json('smLocality', '/api/meta');
    expect(hadley.filters.team).toContain('FIT Hadley Castle');
    expect(hadley.filters.team).not.toContain('FIT Wellington');
  });

  it('data quality is for analysts and administrators (product.md); service managers and commissioners are refused, not given the whole authority\'s counts', async () => {
    for (const path of ['/api/quality', '/api/quality/freshness']) {
      for (const who of ['analyst', 'admin'] as const) {
        const res = await get(who, path);
        expect(res.statusCode, `${who} ${path}`).toBe(200);
        expect(res.headers['content-type']).toMatch(/arrow/);
      }
      for (const who of ['commissioner', ...managers] as const) {
        const res = await get(who, `${path}?locality=${enc('Hadley Castle')}`);
        expect(res.statusCode, `${who} ${path}`).toBe(403);
        expect(res.json().error, `${who} ${path}`).toMatch(/^Data quality is not available to your role/);
      }
    }
    const freshness = arrowRows((await get('analyst', '/api/quality/freshness')).rawPayload);
    expect(freshness.some((r) => r.kind === 'file')).toBe(true);
    for (const who of everyone) {
      const session = await json(who, '/api/session');
      expect(session.permissions.viewQuality, who).toBe(who === 'analyst' || who === 'admin');
    }
  });
});
