// The audit log: sign-ins (good, bad and blocked), sign-outs, views of rows and of other
// person-level answers, exports and refusals are recorded with who, when, route, filters
// and row count; administrators read it (paged, filtered); it is append-only, in its own
// DuckDB file, each record chained to the one before by its hash, so a change made to the
// file outside the dashboard is found; and a failed write fails the request.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { AuditLog, type AuditEntry, type AuditIntegrity } from '../../../dashboard/server/access/AuditLog.ts';
import { drills } from '../../../dashboard/server/drillRegistry.ts';
import { exportFormats } from '../../../dashboard/server/exports/ExportFile.ts';
import { indicators } from '../../../dashboard/server/indicatorRegistry.ts';
import { passwordOf, signIn } from './helpers/accounts.ts';
import { accounts, startAccessServer, testIndicators, type AccessServer } from './helpers/accessServer.ts';
import { handMadeDb, type HandMadeDb } from './helpers/handMadeDb.ts';
import { sampleDatabase, type SampleDatabase } from './helpers/sampleDatabase.ts';
import { failingAuditSink } from './helpers/failingAuditSink.ts';
import { verifyAuditFile } from './helpers/verifyAuditFile.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let h: HandMadeDb;
let server: AccessServer;

// test_by_worker (helpers/accessServer.ts), episodes per worker, is a person-level view:
// each line is about one worker. Hand-made data in Hadley: W-FIT Hadley 9, W-YIT Hadley 2
// (every Hadley episode has a worker), so 2 lines.
const registry = { indicators: [...indicators, ...testIndicators], drills };

beforeAll(async () => {
  h = await handMadeDb();
  server = await startAccessServer(h.db, { registry });
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
const postLogout = (url: string, cookie: string, origin = url) => fetch(`${url}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, origin } });

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
    // An indicator (t_referrals: one line per locality), which a service manager may export.
    expect((await server.as('smHadley').get('/api/export/test_referrals?format=xlsx')).status).toBe(200);
    const s = (await auditOf('event=export&username=sm-hadley')).entries[0];
    expect(s).toMatchObject({ target: 'test_referrals', rowCount: 1, scope: 'localities Hadley', role: 'service_manager' });
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
    expect((await server.as('analyst').get('/api/indicators/episode_status')).status).toBe(200);
    const meta = await server.as('analyst').get('/api/meta');
    expect(meta.status).toBe(200);
    // Read to the end: an answer left unread keeps its connection busy, and the server's close waits for it.
    await meta.arrayBuffer();
    expect((await auditOf('username=analyst')).total).toBe(before);
  });

  it('an indicator answer with a line per worker is a person-level view, recorded like rows', async () => {
    const res = await server.as('analyst').get('/api/indicators/test_by_worker?locality=Hadley');
    expect(res.status).toBe(200);
    const e = (await auditOf('event=rows_view&target=test_by_worker')).entries[0];
    expect(e).toMatchObject({ username: 'analyst', route: '/api/indicators/test_by_worker', rowCount: 2, status: 200, detail: 'identifiers: worker_id' });
    expect(JSON.parse(e.filters!).filters).toEqual({ locality: ['Hadley'] });
  });

  it('a sign-out: who, when, route; no filters or rows (none apply)', async () => {
    const cookie = await signIn(server.url, 'sm-fit', passwordOf(accounts.smFit));
    expect((await postLogout(server.url, cookie)).status).toBe(303);
    const { entries } = await auditOf('event=sign_out&username=sm-fit');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ role: 'service_manager', scope: 'services FIT', method: 'POST', route: '/auth/logout', address: '127.0.0.1', status: 303, filters: null, rowCount: null });
    expect(entries[0].at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('a blocked sign-in: the name tried, the address, and which limit blocked it', async () => {
    for (let i = 0; i < 5; i++) expect((await postLogin(server.url, 'blocked-one', `guess ${i}`)).status).toBe(401);
    expect((await postLogin(server.url, 'blocked-one', 'guess 6')).status).toBe(429);
    const { entries } = await auditOf('event=sign_in_blocked&username=blocked-one');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ role: null, method: 'POST', route: '/auth/login', address: '127.0.0.1', status: 429, filters: null, rowCount: null });
    expect(entries[0].detail).toMatch(/^blocked for \d+ s: too many failures for user name from this address$/);
    expect(entries[0].at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('a request refused as coming from another site, signed in or not', async () => {
    const cookie = await signIn(server.url, 'sm-hadley-fit', passwordOf(accounts.smHadleyFit));
    expect((await postLogout(server.url, cookie, 'http://evil.example')).status).toBe(403);
    const anonymous = await fetch(`${server.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: 'username=analyst&password=x',
    });
    expect(anonymous.status).toBe(403);
    const { entries } = await auditOf('event=access_denied&limit=20');
    expect(entries.find((e) => e.route === '/auth/logout')).toMatchObject({
      username: 'sm-hadley-fit',
      method: 'POST',
      status: 403,
      detail: 'came from another site (Origin: http://evil.example, Sec-Fetch-Site: none)',
    });
    expect(entries.find((e) => e.route === '/auth/login')).toMatchObject({ username: null, status: 403, detail: 'came from another site (Origin: none, Sec-Fetch-Site: cross-site)' });
    // The refused sign-out did not end the session.
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie } })).status).toBe(200);
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

  it('dates that are not on the calendar are a 400 naming the date, on the API and the page', async () => {
    for (const date of ['2024-02-30', '2023-02-29', '2024-13-40']) {
      for (const key of ['from', 'to']) {
        for (const path of ['/api/audit', '/admin/audit']) {
          const res = await server.as('admin').get(`${path}?${key}=${date}`);
          expect(res.status, `${path} ${key}=${date}`).toBe(400);
          expect((await res.json()).error).toBe(`${key} must be a real date written YYYY-MM-DD ("${date}" is not).`);
        }
      }
    }
    // 2024 is a leap year.
    expect((await server.as('admin').get('/api/audit?from=2024-02-29&to=2024-02-29')).status).toBe(200);
    const page = await server.as('admin').get('/admin/audit?from=2024-02-29');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<h1>Audit log<\/h1>/);
  });

  it('reading it is itself recorded', async () => {
    expect((await auditOf('event=audit_view&username=admin')).total).toBeGreaterThan(0);
  });
});

describe('the audit log is append-only, in its own file', () => {
  it('an open log offers append, read, verify and close, and nothing that reaches its connection', async () => {
    const log = await AuditLog.open(join(h.dir, 'audit-surface.duckdb'));
    expect(Object.getOwnPropertyNames(AuditLog.prototype).sort()).toEqual(['append', 'close', 'constructor', 'read', 'verify']);
    expect(Object.getOwnPropertyNames(AuditLog).filter((k) => typeof (AuditLog as unknown as Record<string, unknown>)[k] === 'function')).toEqual(['open']);
    // Its own properties: the file's path, nothing else (the connection is in # fields, out of reach at run time).
    expect(Object.getOwnPropertyNames(log)).toEqual(['path']);
    const anyLog = log as unknown as Record<string, unknown>;
    for (const k of ['serial', 'shared', 'db', 'conn', 'run', 'all', 'execute']) expect(anyLog[k], k).toBeUndefined();
    expect(Object.getOwnPropertyNames(log).some((k) => anyLog[k] instanceof Database)).toBe(false);
    await log.close();
    await expect(log.append({ event: 'export', username: 'late' })).rejects.toThrow(/closed/);
  });

  it('its only module has no statement that changes or removes a row', () => {
    const src = readFileSync(join(root, 'dashboard/server/access/AuditLog.ts'), 'utf8');
    const sqlText = src.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    // The one exception: upgrading a file written before records were chained copies its
    // records into a table of the new layout and drops the old one, in one transaction, and
    // only when the file has no hash column (test/dashboard/server/auditUpgrade.test.ts).
    const upgrade = /\nasync function upgradeUnchained\([\s\S]*?\n}\n/.exec(sqlText)?.[0] ?? '';
    expect(upgrade).not.toBe('');
    expect(sqlText.match(/upgradeUnchained\(/g)).toHaveLength(2);
    expect(sqlText).toMatch(/if \(found\.size && !found\.has\('hash'\)\) await upgradeUnchained\(/);
    expect(upgrade.match(/\bDROP\b[^'`;]*/g)).toEqual(['DROP TABLE audit_log', 'DROP SEQUENCE IF EXISTS audit_log_id', 'DROP TABLE audit_upgrade']);
    for (const word of ['UPDATE', 'DELETE', 'TRUNCATE', 'DROP', 'ALTER', 'REPLACE', 'MERGE', 'COPY', 'ATTACH']) {
      expect(sqlText.replace(upgrade, ''), word).not.toMatch(new RegExp(`\\b${word}\\b`));
      if (word !== 'DROP') expect(upgrade, word).not.toMatch(new RegExp(`\\b${word}\\b`));
    }
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

describe('each record is chained to the one before, so a change made to the file is found', () => {
  // 2025-07-01 09:00:00 UTC, the records' clock in these tests.
  const at = 1_751_360_400_000;
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  // Worked out by hand from the rule: sha256(previous hash, a newline, then JSON of
  // [id, epoch ms, event, username, role, scope, address, method, route, target, filters,
  // row_count, status, detail]); before the first record, 64 zeros.
  const h1 = sha256(`${'0'.repeat(64)}\n[1,1751360400000,"export","u1",null,null,null,null,null,null,null,1,null,null]`);
  const h2 = sha256(`${h1}\n[2,1751360400000,"export","u2",null,null,null,null,null,null,null,2,null,null]`);
  const h3 = sha256(`${h2}\n[3,1751360400000,"export","u3",null,null,null,null,null,null,null,3,null,null]`);
  let n = 0;

  /** A new log of five exports by u1 to u5 of 1 to 5 rows, closed. */
  async function fiveRecords(): Promise<string> {
    const path = join(h.dir, `chain-${++n}.duckdb`);
    const log = await AuditLog.open(path, { now: () => at });
    for (let i = 1; i <= 5; i++) await log.append({ event: 'export', username: `u${i}`, rowCount: i });
    await log.close();
    return path;
  }
  /** What someone with the file could do: open it with DuckDB and change it. */
  async function tamper(path: string, statement: string): Promise<void> {
    const db = await Database.open(path);
    try {
      await db.run(statement);
    } finally {
      db.close();
    }
  }
  const breaksOf = (i: AuditIntegrity) => i.breaks.map((b) => [b.id, b.reason]);

  it('an untouched log: every hash as worked out by hand, and the check passes', async () => {
    const path = await fiveRecords();
    const log = await AuditLog.open(path);
    const { entries } = await log.read({ limit: 10, offset: 0 });
    expect(entries.slice(-3).map((e) => [e.id, e.hash])).toEqual([
      [3, h3],
      [2, h2],
      [1, h1],
    ]);
    const i = await log.verify();
    await log.close();
    expect(i).toMatchObject({ ok: true, records: 5, breaks: [], newest: { id: 5, hash: entries[0].hash } });
  });

  it('a changed value, or time, is found at that record', async () => {
    const path = await fiveRecords();
    await tamper(path, 'UPDATE audit_log SET row_count = 500 WHERE id = 3');
    expect(breaksOf(await verifyAuditFile(path))).toEqual([[3, 'its content, or the hash of the record before it, was changed after it was written']]);
    const other = await fiveRecords();
    await tamper(other, "UPDATE audit_log SET occurred_at = occurred_at - INTERVAL 1 HOUR WHERE id = 2");
    expect((await verifyAuditFile(other)).breaks.map((b) => b.id)).toEqual([2]);
  });

  it('a changed record whose hash was computed again is found at the next record', async () => {
    const path = await fiveRecords();
    const forged = sha256(`${h2}\n[3,1751360400000,"export","someone else",null,null,null,null,null,null,null,3,null,null]`);
    await tamper(path, `UPDATE audit_log SET username = 'someone else', hash = '${forged}' WHERE id = 3`);
    expect(breaksOf(await verifyAuditFile(path))).toEqual([[4, 'its content, or the hash of the record before it, was changed after it was written']]);
  });

  it('a removed record is found, in the middle or the newest', async () => {
    const middle = await fiveRecords();
    await tamper(middle, 'DELETE FROM audit_log WHERE id = 3');
    expect(breaksOf(await verifyAuditFile(middle))).toEqual([[4, 'record 3 is missing before it']]);
    const newest = await fiveRecords();
    await tamper(newest, 'DELETE FROM audit_log WHERE id >= 4');
    expect(breaksOf(await verifyAuditFile(newest))).toEqual([[4, 'records 4 to 5 are missing from the end (the head file names record 5)']]);
  });

  it('a record added outside the dashboard, even with a valid hash, is found; so is a missing head file', async () => {
    const path = await fiveRecords();
    const log = await AuditLog.open(path);
    const h5 = (await log.read({ limit: 1, offset: 0 })).entries[0].hash;
    await log.close();
    const h6 = sha256(`${h5}\n[6,1751360400000,"sign_in","intruder",null,null,null,null,null,null,null,null,null,null]`);
    await tamper(path, `INSERT INTO audit_log (id, occurred_at, event, username, hash) VALUES (6, '2025-07-01T09:00:00Z', 'sign_in', 'intruder', '${h6}')`);
    expect(breaksOf(await verifyAuditFile(path))).toEqual([[6, 'record 6 is newer than the head file: added outside the dashboard, or the head file could not be written when they were added']]);
    rmSync(`${path}.head`);
    expect((await verifyAuditFile(path)).breaks.map((b) => b.reason)).toEqual([expect.stringMatching(/head file .* is missing/)]);
  });

  it('appends from many requests at once keep one unbroken chain', async () => {
    const path = join(h.dir, 'chain-concurrent.duckdb');
    const log = await AuditLog.open(path);
    await Promise.all(Array.from({ length: 60 }, (_, i) => log.append({ event: 'rows_view', username: `c${i}` })));
    const i = await log.verify();
    expect(i).toMatchObject({ ok: true, records: 60, newest: { id: 60 } });
    await log.close();

    const before = (await server.access.audit.read({ limit: 1, offset: 0 })).entries[0].id;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, k) => server.as('analyst').get(`/api/rows/episodes?limit=1&offset=${k}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    const { entries } = await server.access.audit.read({ event: 'rows_view', username: 'analyst', limit: 30, offset: 0 });
    expect(entries.filter((e) => e.id > before)).toHaveLength(30);
    expect(await server.access.audit.verify()).toMatchObject({ ok: true, breaks: [] });
  });
});

describe('the server checks the chain', () => {
  it('at start: an unchanged log is said so on the audit page, with its newest hash', async () => {
    expect(server.access.integrity.last).toMatchObject({ ok: true, breaks: [] });
    const start = (await auditOf('event=audit_check')).entries.at(-1)!;
    expect(start).toMatchObject({ username: null, status: 200, detail: expect.stringMatching(/^at start: all \d+ records chain correctly/) });
    const html = await (await server.as('admin').get('/admin/audit')).text();
    expect(html).toMatch(/all \d+ records chain correctly, none changed or removed/);
    expect(html).toContain('<a href="/admin/audit/verify">Check the whole log now</a>');
  });

  it('a changed log: the server still starts, says so loudly in its log, records it, and shows it to administrators', async () => {
    const auditPath = join(h.dir, 'audit-changed.duckdb');
    const log = await AuditLog.open(auditPath);
    for (let i = 1; i <= 4; i++) await log.append({ event: 'export', username: `u${i}`, rowCount: i });
    await log.close();
    const db = await Database.open(auditPath);
    await db.run('UPDATE audit_log SET row_count = 40 WHERE id = 2');
    db.close();

    const changed = await startAccessServer(h.db, { registry, access: { auditPath } });
    try {
      expect(changed.logged.join('\n')).toMatch(/AUDIT LOG CHANGED: .*audit-changed\.duckdb: the chain is broken at record 2: its content/);
      const api = await (await changed.as('admin').get('/api/audit?event=audit_check')).json();
      expect(api.integrity).toMatchObject({ ok: false, breaks: [{ id: 2 }] });
      expect(api.entries.at(-1)).toMatchObject({ status: 409, detail: expect.stringMatching(/^at start: the chain is broken at record 2/) });
      const html = await (await changed.as('admin').get('/admin/audit')).text();
      expect(html).toMatch(/<h2 id="integrity-h">The audit log has been changed<\/h2>/);
      expect(html).toContain('<li>Record 2: its content, or the hash of the record before it, was changed after it was written</li>');
      // Asked again by an administrator: checked now, recorded, and the records added since chain on from the newest.
      const again = await changed.as('admin').get('/admin/audit/verify', { redirect: 'manual' });
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toBe('/admin/audit');
      const checks = (await (await changed.as('admin').get('/api/audit?event=audit_check')).json()).entries;
      expect(checks[0]).toMatchObject({ username: 'admin', route: '/admin/audit/verify', detail: expect.stringMatching(/^the chain is broken at record 2/) });
      const json = await (await changed.as('admin').get('/api/audit/verify')).json();
      expect(json).toMatchObject({ ok: false, breaks: [{ id: 2 }] });
      expect(json.breaks).toHaveLength(1);
      // Not for other roles.
      expect((await changed.as('analyst').get('/api/audit/verify')).status).toBe(403);
      expect((await changed.as('analyst').get('/admin/audit/verify', { redirect: 'manual' })).status).toBe(403);
    } finally {
      await changed.close();
    }
  });
});

describe('a failed audit write fails the request, for every audited action', () => {
  let broken: AccessServer;
  /** Its `attempted`: the events the server tried to record, in order (written or not). */
  let audit: Awaited<ReturnType<typeof failingAuditSink>>;
  let lastAttempt = 0;
  const triedSince = () => audit.attempted.slice(lastAttempt);
  beforeAll(async () => {
    audit = await failingAuditSink(join(h.dir, 'audit-broken.duckdb'));
    broken = await startAccessServer(h.db, { registry, access: { audit: audit.sink } });
    for (const name of ['analyst', 'commissioner', 'admin', 'smHadley'] as const) await broken.as(name).cookie();
    audit.failing = true;
  });
  afterAll(() => broken?.close());
  const mark = () => (lastAttempt = audit.attempted.length);

  it('an export in each format is not sent: 503 with a clear message, no file', async () => {
    for (const format of exportFormats) {
      mark();
      const res = await broken.as('analyst').get(`/api/export/episodes?format=${format}`);
      expect(res.status, format).toBe(503);
      expect(res.headers.get('content-disposition'), format).toBeNull();
      expect(res.headers.get('x-row-count'), format).toBeNull();
      const body = await res.json();
      expect(body.error).toMatch(/could not be recorded in the audit log/);
      expect(JSON.stringify(body)).not.toMatch(/E1|episode_id/);
      expect(triedSince(), format).toEqual(['export']);
    }
    expect(broken.logged.join('\n')).toMatch(/audit write failed.*disk full/);
  });

  it('rows are not sent, a refusal still refuses, and pages that are not recorded still work', async () => {
    expect((await broken.as('analyst').get('/api/rows/episodes')).status).toBe(503);
    expect((await broken.as('commissioner').get('/api/rows/episodes')).status).toBe(503);
    mark();
    expect((await broken.as('analyst').get('/api/indicators/episode_status')).status).toBe(200);
    expect(triedSince()).toEqual([]);
  });

  it('a person-level indicator answer (a line per worker) is not sent', async () => {
    mark();
    expect((await broken.as('analyst').get('/api/indicators/test_by_worker')).status).toBe(503);
    expect(triedSince()).toEqual(['rows_view']);
  });

  it('the audit log itself is not shown, as JSON or as the page', async () => {
    mark();
    expect((await broken.as('admin').get('/api/audit')).status).toBe(503);
    expect((await broken.as('admin').get('/admin/audit')).status).toBe(503);
    expect((await broken.as('admin').get('/api/audit/verify')).status).toBe(503);
    expect(triedSince()).toEqual(['audit_view', 'audit_view', 'audit_check']);
  });

  it('signing in does not complete: no session', async () => {
    mark();
    const res = await postLogin(broken.url, 'admin', passwordOf(accounts.admin));
    expect(res.status).toBe(503);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(triedSince()).toEqual(['sign_in']);
  });

  it('a failed sign-in, and then a blocked one, answer 503 and count towards the limit all the same', async () => {
    for (let i = 0; i < 5; i++) {
      mark();
      expect((await postLogin(broken.url, 'sm-fit', `guess ${i}`)).status).toBe(503);
      expect(triedSince()).toEqual(['sign_in_failed']);
    }
    mark();
    const blocked = await postLogin(broken.url, 'sm-fit', passwordOf(accounts.smFit));
    expect(blocked.status).toBe(503);
    expect(blocked.headers.getSetCookie()).toEqual([]);
    expect(triedSince()).toEqual(['sign_in_blocked']);
  });

  it('a request refused as coming from another site is still refused (503)', async () => {
    mark();
    const res = await fetch(`${broken.url}/auth/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: await broken.as('smHadley').cookie(), origin: 'http://evil.example' } });
    expect(res.status).toBe(503);
    expect(triedSince()).toEqual(['access_denied']);
    expect((await broken.as('smHadley').get('/api/session')).status).toBe(200);
  });

  it('signing out ends the session even so, and answers 503 saying it was not recorded', async () => {
    audit.failing = false;
    const cookie = await signIn(broken.url, 'sm-hadley-fit', passwordOf(accounts.smHadleyFit));
    audit.failing = true;
    mark();
    const res = await postLogout(broken.url, cookie);
    expect(res.status).toBe(503);
    expect(triedSince()).toEqual(['sign_out']);
    expect(res.headers.getSetCookie()).toEqual([expect.stringMatching(/^fo_session=; .*Max-Age=0/)]);
    expect(await res.text()).toMatch(/You are signed out, but it could not be recorded in the audit log/);
    expect((await fetch(`${broken.url}/api/session`, { headers: { cookie } })).status).toBe(401);
    expect(broken.logged.join('\n')).toMatch(/sign-out of sm-hadley-fit from 127\.0\.0\.1 not recorded \(the session was ended\): disk full/);
  });
});

describe('person-level views on a real database', () => {
  let sample: SampleDatabase;
  let real: AccessServer;
  beforeAll(async () => {
    sample = await sampleDatabase(30);
    real = await startAccessServer(sample.db);
  });
  afterAll(async () => {
    await real?.close();
    sample?.remove();
  });

  it('practice compliance by worker is recorded as a person-level view; by team it is not', async () => {
    const read = async () => (await (await real.as('admin').get('/api/audit?event=rows_view&target=practice_compliance')).json()) as { total: number; entries: AuditEntry[] };
    expect((await real.as('analyst').get('/api/indicators/practice_compliance?by=team')).status).toBe(200);
    expect((await read()).total).toBe(0);
    const res = await real.as('analyst').get('/api/indicators/practice_compliance?by=worker_id&service=FIT');
    expect(res.status).toBe(200);
    const { total, entries } = await read();
    expect(total).toBe(1);
    expect(entries[0]).toMatchObject({ username: 'analyst', route: '/api/indicators/practice_compliance', detail: 'identifiers: worker_id', status: 200 });
    expect(entries[0].rowCount).toBeGreaterThan(0);
    expect(JSON.parse(entries[0].filters!)).toMatchObject({ filters: { service: ['FIT'] }, params: { by: 'worker_id' } });
  });
});
