// Roles and row-level scope, end to end through the API on a hand-made database
// (helpers/handMadeDb.ts): a matrix of account x endpoint x locality parameter, including
// crafted parameters, proving a scoped user never receives a row of another locality or
// service, and that commissioners never receive person-level rows.
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, startAccessServer, type AccessServer, type AccountName } from './helpers/accessServer.ts';
import { handMadeDb, handMadeEpisodes, type HandMadeDb } from './helpers/handMadeDb.ts';

let h: HandMadeDb;
let server: AccessServer;

beforeAll(async () => {
  h = await handMadeDb();
  server = await startAccessServer(h.db);
});
afterAll(async () => {
  await server?.close();
  h?.remove();
});

type Row = Record<string, unknown>;

async function rowsOf(res: Response): Promise<Row[]> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('arrow')) return tableFromIPC(new Uint8Array(await res.arrayBuffer())).toArray().map((r) => r.toJSON() as Row);
  if (type.includes('csv')) return parse(await res.text(), { columns: true, bom: true, skip_empty_lines: true }) as Row[];
  throw new Error(`unexpected ${type}`);
}

const teamLocality = new Map<string, string>(handMadeEpisodes.map((e) => [e.team, e.locality]));
const teamService = new Map<string, string>(handMadeEpisodes.map((e) => [e.team, e.service]));

/** The localities and services a row tells of, by its locality, service and team columns. */
function rowFacts(row: Row): { localities: string[]; services: string[] } {
  const localities: string[] = [];
  const services: string[] = [];
  if (typeof row.locality === 'string' && row.locality) localities.push(row.locality);
  if (typeof row.service === 'string' && row.service) services.push(row.service);
  if (typeof row.team === 'string' && teamLocality.has(row.team)) {
    localities.push(teamLocality.get(row.team)!);
    services.push(teamService.get(row.team)!);
  }
  return { localities, services };
}

const endpoints = [
  { name: 'indicator by locality', path: '/api/indicators/episode_status?by=locality' },
  { name: 'indicator by team', path: '/api/indicators/open_episodes?by=team' },
  { name: 'indicator by service', path: '/api/indicators/episode_status?by=service' },
  { name: 'rows', path: '/api/rows/episodes?limit=1000' },
  { name: 'export rows (csv)', path: '/api/export/episodes?format=csv' },
  { name: 'export indicator (csv)', path: '/api/export/episode_status?format=csv&by=team' },
];

/** Locality (and other) parameters, honest and crafted. */
const variants: [string, string][] = [
  ['nothing asked', ''],
  ['own locality', 'locality=Hadley'],
  ['another locality', 'locality=Wellington'],
  ['own and another', 'locality=Hadley&locality=Wellington'],
  ['another first, then own', 'locality=Wellington&locality=Hadley'],
  ['case variant of another', 'locality=wellington'],
  ['upper case own', 'locality=HADLEY'],
  ['quote injection', `locality=${encodeURIComponent("Hadley' OR '1'='1")}`],
  ['comment injection', `locality=${encodeURIComponent('Hadley/**/OR/**/1=1--')}`],
  ['NUL byte', 'locality=Hadley%00'],
  ['array syntax', 'locality[]=Wellington'],
  ['parameter name in capitals', 'Locality=Wellington'],
  ['empty then another', 'locality=&locality=Wellington'],
  ['team of another locality', `team=${encodeURIComponent('FIT Wellington')}`],
  ['own locality, team of another', `locality=Hadley&team=${encodeURIComponent('FIT Madeley')}`],
  ['another service', 'service=SF'],
  ['own service and another', 'service=FIT&service=YIT'],
];

const scoped: AccountName[] = ['smHadley', 'smFit', 'smHadleyFit'];

describe('a scoped service manager gets no row outside their scope, whatever they ask', () => {
  for (const who of scoped) {
    const acct = accounts[who];
    const allowedLocalities = 'localities' in acct ? (acct.localities as string[]) : null;
    const allowedServices = 'services' in acct ? (acct.services as string[]) : null;
    it(`${acct.username}: ${endpoints.length} endpoints x ${variants.length} parameter sets`, async () => {
      const seen: string[] = [];
      for (const e of endpoints) {
        for (const [label, q] of variants) {
          const path = `${e.path}${q ? `${e.path.includes('?') ? '&' : '?'}${q}` : ''}`;
          const res = await server.as(who).get(path);
          const where = `${acct.username} ${e.name} / ${label} (${path}) -> ${res.status}`;
          expect([200, 400, 403], where).toContain(res.status);
          if (res.status !== 200) {
            const body = await res.json();
            expect(body.error, where).toBeTypeOf('string');
            seen.push(`${res.status}`);
            continue;
          }
          seen.push('200');
          for (const row of await rowsOf(res)) {
            const f = rowFacts(row);
            if (allowedLocalities) for (const l of f.localities) expect(allowedLocalities, `${where}: row of ${l}`).toContain(l);
            if (allowedServices) for (const s of f.services) expect(allowedServices, `${where}: row of ${s}`).toContain(s);
          }
        }
      }
      // The matrix exercised both answers and refusals.
      expect(seen).toContain('200');
      expect(seen).toContain('403');
    });
  }

  it('asking for another locality is refused (403), never answered with its rows; repeated and mixed parameters too', async () => {
    for (const q of ['locality=Wellington', 'locality=Hadley&locality=Wellington', 'locality=Wellington&locality=Hadley']) {
      for (const path of ['/api/rows/episodes', '/api/indicators/episode_status', '/api/export/episode_status']) {
        const res = await server.as('smHadley').get(`${path}?${q}`);
        expect(res.status, `${path}?${q}`).toBe(403);
        expect((await res.json()).error).toMatch(/Hadley only/);
      }
    }
    // A value that is not in the data (case variants, injection strings) is a 400 before any scope question.
    expect((await server.as('smHadley').get('/api/rows/episodes?locality=wellington')).status).toBe(400);
  });

  it('nothing asked means the scope: the same numbers as an analyst asking for that scope', async () => {
    const mine = await rowsOf(await server.as('smHadley').get('/api/rows/episodes?limit=1000'));
    const analysts = await rowsOf(await server.as('analyst').get('/api/rows/episodes?limit=1000&locality=Hadley'));
    expect(mine.length).toBe(11);
    expect(mine.map((r) => r.episode_id).sort()).toEqual(analysts.map((r) => r.episode_id).sort());
    // An indicator without a locality column: referrals by month add up to Hadley's 11.
    const byMonth = await rowsOf(await server.as('smHadley').get('/api/indicators/referrals_by_month'));
    expect(byMonth.reduce((s, r) => s + Number(r.referrals), 0)).toBe(11);
    // Locality and service together: Hadley's FIT only.
    const both = await rowsOf(await server.as('smHadleyFit').get('/api/rows/episodes?limit=1000'));
    expect(both.length).toBe(9);
    const fit = await rowsOf(await server.as('smFit').get('/api/rows/episodes?limit=1000'));
    expect(fit.length).toBe(9 + 3 + 12);
  });

  it("a team of another locality is refused exactly like a team that does not exist, so asking cannot confirm another locality's team names", async () => {
    const other = await server.as('smHadley').get(`/api/rows/episodes?team=${encodeURIComponent('FIT Wellington')}`);
    const none = await server.as('smHadley').get(`/api/rows/episodes?team=${encodeURIComponent('No Such Team')}`);
    expect([other.status, none.status]).toEqual([400, 400]);
    const said = [(await other.json()).error, (await none.json()).error];
    expect(said[0]).toBe('team "FIT Wellington" is not one of the values you can choose (see /api/meta).');
    expect(said[1]).toBe('team "No Such Team" is not one of the values you can choose (see /api/meta).');
    // Their own team narrows as asked: FIT Hadley's 9 episodes.
    const own = await server.as('smHadley').get(`/api/rows/episodes?team=${encodeURIComponent('FIT Hadley')}&limit=1000`);
    expect(own.headers.get('x-total-count')).toBe('9');
    // The analyst, who sees every locality, may ask for that team: 3 episodes.
    expect((await server.as('analyst').get(`/api/rows/episodes?team=${encodeURIComponent('FIT Wellington')}`)).headers.get('x-total-count')).toBe('3');
  });

  it('an indicator that cannot be limited to a locality is refused to a locality-scoped user', async () => {
    const res = await server.as('smHadley').get('/api/indicators/test_authority_total');
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/cannot be limited to your localities/);
    expect((await server.as('analyst').get('/api/indicators/test_authority_total')).status).toBe(200);
  });

  it('the second lock: an answer holding another locality is refused even when the query forgot the scope', async () => {
    const res = await server.as('smHadley').get('/api/indicators/test_leaky');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/Wellington|Madeley|Telford/);
    expect(server.logged.join('\n')).toMatch(/outside their scope/);
    // The same broken entry is fine for someone who may see every locality.
    expect((await server.as('analyst').get('/api/indicators/test_leaky')).status).toBe(200);
  });

  it('/api/meta offers only the scope as filter options, teams included', async () => {
    const meta = await (await server.as('smHadley').get('/api/meta')).json();
    expect(meta.filters.locality).toEqual(['Hadley']);
    expect(meta.filters.service).toContain('SF');
    // Hand-made teams: FIT Hadley and YIT Hadley work in Hadley; no other locality's team is named.
    expect(meta.filters.team).toEqual(['FIT Hadley', 'YIT Hadley']);
    expect((await (await server.as('smFit').get('/api/meta')).json()).filters.team).toEqual(['FIT Hadley', 'FIT Madeley', 'FIT Wellington']);
    expect((await (await server.as('smHadleyFit').get('/api/meta')).json()).filters.team).toEqual(['FIT Hadley']);
    expect((await (await server.as('analyst').get('/api/meta')).json()).filters.team).toHaveLength(6);
    expect(meta.indicators.map((i: { name: string }) => i.name)).not.toContain('test_authority_total');
    const fit = await (await server.as('smFit').get('/api/meta')).json();
    expect(fit.filters.service).toEqual(['FIT']);
    expect(fit.filters.locality).toEqual(['Hadley', 'Madeley', 'Wellington']);
  });
});

describe('roles', () => {
  it('commissioners: aggregates only, no rows behind a number and no person-level export', async () => {
    const c = server.as('commissioner');
    expect((await c.get('/api/indicators/test_referrals')).status).toBe(200);
    expect((await c.get('/api/export/test_referrals?format=csv')).status).toBe(200);
    for (const path of ['/api/rows/episodes', '/api/rows/episodes?locality=Hadley', '/api/export/episodes?format=csv', '/api/export/long_open_episodes?format=xlsx']) {
      const res = await c.get(path);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-disposition'), path).toBeNull();
      expect((await res.json()).error).toMatch(/aggregates only/);
    }
    const meta = await (await c.get('/api/meta')).json();
    expect(meta.drills).toEqual([]);
    expect(meta.exports).not.toContain('episodes');
    expect(meta.exports).toContain('episode_status');
  });

  it('commissioners never get identifier columns, even from an indicator grouped by worker', async () => {
    // test_by_worker is an indicator (aggregates, allowed to commissioners by scopeRequest,
    // with a disclosure description), so only guardResult's identifier check stands
    // between its worker_id column and a commissioner.
    const res = await server.as('commissioner').get('/api/indicators/test_by_worker');
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/aggregates only: this answer has person-level identifiers/);
    const csv = await server.as('commissioner').get('/api/export/test_by_worker?format=csv');
    expect(csv.status).toBe(403);
    expect(csv.headers.get('content-disposition')).toBeNull();
    // The same indicator is answered to an analyst, worker ids pseudonymised: a worker for each
    // hand-made team with allocated episodes (5: YIT Madeley has only its waiting one), and the
    // waiting episode under no worker.
    const rows = await rowsOf(await server.as('analyst').get('/api/indicators/test_by_worker'));
    expect(rows.length).toBe(6);
    expect(rows.filter((r) => r.worker_id === null).map((r) => r.episodes)).toEqual([1]);
    expect(rows.filter((r) => r.worker_id !== null).every((r) => /^p_[A-Za-z0-9_-]{22}$/.test(String(r.worker_id)))).toBe(true);
  });

  it('service managers see the rows behind a number but do not export rows (product.md: cohort export is the analysts\'); they export figures', async () => {
    const sm = server.as('smHadley');
    expect((await sm.get('/api/rows/episodes')).status).toBe(200);
    for (const format of ['csv', 'xlsx', 'parquet', 'arrow']) {
      const res = await sm.get(`/api/export/episodes?format=${format}`);
      expect(res.status, format).toBe(403);
      expect(res.headers.get('content-disposition'), format).toBeNull();
      expect((await res.json()).error).toMatch(/can see the rows behind a number but not export them/);
    }
    expect((await sm.get('/api/export/episode_status?format=csv')).status).toBe(200);
    const meta = await (await sm.get('/api/meta')).json();
    expect(meta.drills.map((d: { name: string }) => d.name)).toContain('episodes');
    expect(meta.exports).not.toContain('episodes');
    expect(meta.exports).toContain('episode_status');
    const session = await (await sm.get('/api/session')).json();
    expect(session.permissions).toMatchObject({ viewRows: true, exportRows: false, exportAggregates: true });
    expect((await server.as('analyst').get('/api/export/episodes?format=csv')).status).toBe(200);
  });

  it('analysts and administrators see every locality, rows and exports', async () => {
    for (const who of ['analyst', 'admin'] as const) {
      const rows = await rowsOf(await server.as(who).get('/api/rows/episodes?limit=1000'));
      expect(rows.length, who).toBe(34);
      expect(new Set(rows.map((r) => r.locality))).toEqual(new Set(['Hadley', 'Wellington', 'Madeley']));
      expect((await server.as(who).get('/api/export/episodes?format=csv')).status, who).toBe(200);
    }
  });

  it('only administrators read the audit log', async () => {
    for (const who of ['analyst', 'commissioner', 'smHadley'] as const) {
      expect((await server.as(who).get('/api/audit')).status, who).toBe(403);
      expect((await server.as(who).get('/admin/audit')).status, who).toBe(403);
    }
    expect((await server.as('admin').get('/api/audit')).status).toBe(200);
  });

  it('/api/session says who is signed in, with the role and scope', async () => {
    const s = await (await server.as('smHadleyFit').get('/api/session')).json();
    expect(s).toMatchObject({ username: 'sm-hadley-fit', role: 'service_manager', scope: { localities: ['Hadley'], services: ['FIT'] }, via: 'local' });
    expect(s.permissions.viewRows).toBe(true);
    expect(s.permissions.exportRows).toBe(false);
    const c = await (await server.as('commissioner').get('/api/session')).json();
    expect(c.permissions).toMatchObject({ viewRows: false, exportRows: false, unsuppressed: false });
  });
});
