// The audit log: sign-ins (good and bad), views of rows, exports and refusals are
// recorded with who, when, route, filters and row count; administrators read it (paged,
// filtered); it is append-only, in its own DuckDB file; and a failed write fails the request.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../../dashboard/server/access/AuditLog.ts';
import type { AuditSink } from '../../../dashboard/server/auth/accessSettings.ts';
import { passwordOf } from './helpers/accounts.ts';
import { accounts, startAccessServer, type AccessServer } from './helpers/accessServer.ts';
import { handMadeDb, type HandMadeDb } from './helpers/handMadeDb.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
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

async function auditOf(query: string): Promise<{ total: number; entries: AuditEntry[] }> {
  const res = await server.as('admin').get(`/api/audit?${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

const postLogin = (url: string, username: string, password: string) =>
  fetch(`${url}/auth/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ username, password }),
  });

describe('what is recorded', () => {
  it('sign-ins that succeed and that fail, with the name tried and the address', async () => {
    expect((await postLogin(server.url, 'analyst', 'not the password')).status).toBe(401);
    expect((await postLogin(server.url, 'nobody-here', 'x')).status).toBe(401);
    expect((await postLogin(server.url, 'analyst', passwordOf(accounts.analyst))).status).toBe(303);
    const failed = await auditOf('event=sign_in_failed');
    expect(failed.entries.map((e) => [e.username, e.detail])).toEqual(
      expect.arrayContaining([
        ['analyst', 'wrong password'],
        ['nobody-here', 'no such user'],
      ]),
    );
    const ok = await auditOf('event=sign_in&username=analyst');
    expect(ok.total).toBeGreaterThanOrEqual(1);
    expect(ok.entries[0]).toMatchObject({ username: 'analyst', role: 'analyst', route: '/auth/login', method: 'POST', address: '127.0.0.1' });
    expect(ok.entries[0].at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('a view of rows: who, route, the filters it ran with, rows sent and rows in all', async () => {
    const res = await server.as('analyst').get('/api/rows/episodes?locality=Hadley&limit=5');
    expect(res.status).toBe(200);
    const { entries } = await auditOf('event=rows_view&username=analyst');
    const e = entries[0];
    expect(e).toMatchObject({ route: '/api/rows/episodes', target: 'episodes', rowCount: 5, status: 200, detail: '11 rows in all', role: 'analyst' });
    const filters = JSON.parse(e.filters!);
    expect(filters.filters).toEqual({ locality: ['Hadley'] });
    expect(filters.asked).toEqual({ locality: 'Hadley', limit: '5' });
  });

  it("an export, with its row count; a scoped user's record shows the filters their scope added", async () => {
    expect((await server.as('analyst').get('/api/export/episodes?format=csv&service=FIT')).status).toBe(200);
    const a = (await auditOf('event=export&username=analyst')).entries[0];
    expect(a).toMatchObject({ route: '/api/export/episodes', target: 'episodes', rowCount: 24 });
    expect((await server.as('smHadley').get('/api/export/episodes?format=xlsx')).status).toBe(200);
    const s = (await auditOf('event=export&username=sm-hadley')).entries[0];
    expect(s).toMatchObject({ rowCount: 11, scope: 'localities Hadley', role: 'service_manager' });
    expect(JSON.parse(s.filters!).filters).toEqual({ locality: ['Hadley'] });
  });

  it('refusals: a commissioner asking for rows, a service manager asking for another locality', async () => {
    expect((await server.as('commissioner').get('/api/rows/episodes')).status).toBe(403);
    expect((await server.as('smHadley').get('/api/rows/episodes?locality=Madeley')).status).toBe(403);
    const denied = await auditOf('event=access_denied');
    expect(denied.entries.find((e) => e.username === 'commissioner')).toMatchObject({ target: 'episodes', status: 403, detail: expect.stringMatching(/aggregates only/) });
    expect(denied.entries.find((e) => e.username === 'sm-hadley')?.detail).toMatch(/outside your access/);
  });

  it('indicator views are not person-level and are not recorded', async () => {
    const before = (await auditOf('username=analyst')).total;
    await server.as('analyst').get('/api/indicators/episode_status');
    expect((await auditOf('username=analyst')).total).toBe(before);
  });
});

describe('reading the audit log', () => {
  it('is paged and filterable, newest first', async () => {
    // Sign-in failures only: reading the log adds records of its own at the top.
    const all = await auditOf('event=sign_in_failed&limit=1');
    expect(all.entries).toHaveLength(1);
    expect(all.total).toBeGreaterThan(1);
    const next = await auditOf('event=sign_in_failed&limit=1&offset=1');
    expect(next.entries[0].id).toBeLessThan(all.entries[0].id);
    expect(next.total).toBe(all.total);
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditOf(`from=${today}&to=${today}&event=export`)).entries.every((e) => e.event === 'export')).toBe(true);
    expect((await auditOf('from=2000-01-01&to=2000-01-02')).total).toBe(0);
    expect((await auditOf('target=episodes&event=export')).entries.every((e) => e.target === 'episodes')).toBe(true);
  });

  it('the admin page lists records with a labelled filter form and paging links, escaping what users typed', async () => {
    await postLogin(server.url, '<script>alert(1)</script>', 'x');
    const res = await server.as('admin').get('/admin/audit?limit=3');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<h1>Audit log<\/h1>/);
    for (const id of ['f-from', 'f-to', 'f-event', 'f-username', 'f-target']) expect(html).toMatch(new RegExp(`<label for="${id}">`));
    expect(html).toMatch(/<th scope="col">When<\/th>/);
    expect(html).toMatch(/href="\/admin\/audit\?limit=3&amp;offset=3">Older/);
    const failed = await (await server.as('admin').get('/admin/audit?event=sign_in_failed')).text();
    expect(failed).toContain('&lt;script&gt;');
    expect(failed).not.toContain('<script>alert');
  });

  it('bad parameters are a 400, never a 500 or database text', async () => {
    for (const q of ["event=export' OR 1=1--", 'from=2024-13-40', 'limit=0', 'limit=99999', 'offset=-1', 'username=' + 'x'.repeat(300), 'nope=1', 'event=export&event=rows_view']) {
      const res = await server.as('admin').get(`/api/audit?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.text()).not.toMatch(/duckdb|Binder|Parser|Catalog|SQL/i);
    }
    // A quote in a free-text filter is just a value.
    expect((await auditOf(`username=${encodeURIComponent("a' OR '1'='1")}`)).total).toBe(0);
  });

  it('reading it is itself recorded', async () => {
    expect((await auditOf('event=audit_view&username=admin')).total).toBeGreaterThan(0);
  });
});

describe('the audit log is append-only, in its own file', () => {
  it('its only module has no statement that changes or removes a row, and offers only append, read and close', () => {
    const src = readFileSync(join(root, 'dashboard/server/access/AuditLog.ts'), 'utf8');
    const sqlText = src.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const word of ['UPDATE', 'DELETE', 'TRUNCATE', 'DROP', 'ALTER', 'REPLACE', 'MERGE', 'COPY', 'ATTACH']) {
      expect(sqlText, word).not.toMatch(new RegExp(`\\b${word}\\b`));
    }
    const methods = Object.getOwnPropertyNames(AuditLog.prototype).filter((m) => m !== 'constructor');
    expect(methods.sort()).toEqual(['append', 'close', 'read', 'serial'].sort());
  });

  it('no other server module touches the audit table or opens the audit file', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|svelte)$/.test(f)) files.push(p);
      }
    };
    walk(join(root, 'dashboard'));
    walk(join(root, 'pipeline'));
    const touching = files.filter((f) => /audit_log\b|AuditLog\.open/.test(readFileSync(f, 'utf8'))).map((f) => f.slice(root.length));
    expect(touching.sort()).toEqual(['dashboard/server/access/AuditLog.ts', 'dashboard/server/access/setupAccess.ts']);
  });

  it('records survive a restart, and the analytics database holds none', async () => {
    const path = join(h.dir, 'audit-restart.duckdb');
    const a = await AuditLog.open(path);
    await a.append({ event: 'export', username: 'x', rowCount: 3 });
    await a.close();
    const b = await AuditLog.open(path);
    await b.append({ event: 'rows_view', username: 'y' });
    const { entries, total } = await b.read({ limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(entries.map((e) => [e.event, e.username, e.rowCount])).toEqual([
      ['rows_view', 'y', null],
      ['export', 'x', 3],
    ]);
    await b.close();
    expect(server.access.settings.auditPath).toBe(join(h.dir, 'audit.duckdb'));
  });
});

describe('a failed audit write fails the request', () => {
  let broken: AccessServer;
  let failing = false;
  beforeAll(async () => {
    const real = await AuditLog.open(join(h.dir, 'audit-broken.duckdb'));
    const sink: AuditSink = {
      append: (r) => (failing ? Promise.reject(new Error('disk full')) : real.append(r)),
      read: (q) => real.read(q),
      close: () => real.close(),
    };
    broken = await startAccessServer(h.db, { access: { audit: sink } });
    await broken.as('analyst').cookie();
    await broken.as('commissioner').cookie();
    failing = true;
  });
  afterAll(() => broken?.close());

  it('an export is not sent: 503 with a clear message, no file', async () => {
    const res = await broken.as('analyst').get('/api/export/episodes?format=csv');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-disposition')).toBeNull();
    const body = await res.json();
    expect(body.error).toMatch(/could not be recorded in the audit log/);
    expect(JSON.stringify(body)).not.toMatch(/E1|episode_id/);
    expect(broken.logged.join('\n')).toMatch(/audit write failed.*disk full/);
  });

  it('rows are not sent, a refusal still refuses, and pages that are not recorded still work', async () => {
    expect((await broken.as('analyst').get('/api/rows/episodes')).status).toBe(503);
    expect((await broken.as('commissioner').get('/api/rows/episodes')).status).toBe(503);
    expect((await broken.as('analyst').get('/api/indicators/episode_status')).status).toBe(200);
  });

  it('signing in does not complete: no session', async () => {
    const res = await postLogin(broken.url, 'admin', passwordOf(accounts.admin));
    expect(res.status).toBe(503);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
