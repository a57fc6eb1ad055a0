// An audit file written before records were chained (no hash column) is upgraded in
// place when it is opened, so a council upgrading the dashboard keeps its audit history
// and can still start the server. The old files here are made with the old layout as it
// was before the chain (`git show df4d5f5:dashboard/server/access/AuditLog.ts`), copied
// below, not made through today's AuditLog.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, GENESIS, UPGRADE_ROUTE, type AuditEntry, type AuditIntegrity } from '../../../dashboard/server/access/AuditLog.ts';
import { Database, type Row } from '../../../pipeline/db/database.ts';
import { startAccessServer } from './helpers/accessServer.ts';
import { handMadeDb, type HandMadeDb } from './helpers/handMadeDb.ts';
import { verifyAuditFile } from './helpers/verifyAuditFile.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// The old layout, verbatim from df4d5f5 (the commit before the chain).
const OLD_CREATE = `
  CREATE SEQUENCE IF NOT EXISTS audit_log_id;
  CREATE TABLE IF NOT EXISTS audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id'),
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    event VARCHAR NOT NULL,
    username VARCHAR,
    role VARCHAR,
    scope VARCHAR,
    address VARCHAR,
    method VARCHAR,
    route VARCHAR,
    target VARCHAR,
    filters VARCHAR,
    row_count BIGINT,
    status INTEGER,
    detail VARCHAR
  )`;
const columns = ['event', 'username', 'role', 'scope', 'address', 'method', 'route', 'target', 'filters', 'row_count', 'status', 'detail'] as const;
const OLD_INSERT = `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
/** The old `read`: every record, newest first. */
const OLD_READ = `SELECT id, strftime(occurred_at AT TIME ZONE 'Europe/London', '%Y-%m-%d %H:%M:%S') AS at, ${columns.join(', ')} FROM audit_log ORDER BY id DESC`;

type OldRecord = Partial<Record<(typeof columns)[number], string | number | null>> & { event: string };
/** What an old server wrote: sign-ins, a view of rows, an export, a refusal, odd text. */
const history: OldRecord[] = [
  { event: 'sign_in', username: 'analyst', role: 'analyst', address: '10.0.0.7', method: 'POST', route: '/auth/login', status: 303 },
  { event: 'sign_in_failed', username: 'nobody', address: '10.0.0.9', method: 'POST', route: '/auth/login', status: 401, detail: 'no such user' },
  { event: 'rows_view', username: 'analyst', role: 'analyst', method: 'GET', route: '/api/rows/episodes', target: 'episodes', filters: '{"filters":{"locality":["Hadley"]},"asked":{"locality":"Hadley"}}', row_count: 5, status: 200, detail: '11 rows in all' },
  { event: 'export', username: 'sm-hadley', role: 'service_manager', scope: 'localities Hadley', route: '/api/export/test_referrals', target: 'test_referrals', row_count: 1, status: 200 },
  { event: 'access_denied', username: 'commissioner', role: 'commissioner', route: '/api/rows/episodes', target: 'episodes', status: 403, detail: 'Zoë’s “aggregates only” — refused' },
  { event: 'sign_out', username: null, route: '/auth/logout', detail: 'x'.repeat(4000) },
];

let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-upgrade-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2025-07-01 09:00:00 UTC, the upgrade's clock in these tests.
const at = 1_751_360_400_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const everything = { limit: 500, offset: 0 };
const withoutHash = ({ hash: _, ...rest }: AuditEntry) => rest;

/** Runs `fn` on the file as someone with DuckDB and the file could. */
async function raw<T>(path: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(path);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** An old-layout file holding `records`, written through the old INSERT; `skip` uses up sequence numbers before the record at that index, as a failed insert did. */
async function oldFile(records: OldRecord[] = history, skip: Record<number, number> = {}): Promise<string> {
  const path = join(dir, `old-${++n}.duckdb`);
  await raw(path, async (db) => {
    await db.run(OLD_CREATE);
    for (const [i, r] of records.entries()) {
      for (let k = 0; k < (skip[i] ?? 0); k++) await db.run(`SELECT nextval('audit_log_id')`);
      await db.run(OLD_INSERT, columns.map((c) => r[c] ?? null));
    }
  });
  return path;
}

/** Every record as the old `read` gave it, newest first. */
const oldRead = (path: string): Promise<Omit<AuditEntry, 'hash'>[]> =>
  raw(path, async (db) =>
    (await db.all(OLD_READ)).map((r: Row) => ({
      id: Number(r.id),
      at: String(r.at),
      event: r.event,
      username: r.username,
      role: r.role,
      scope: r.scope,
      address: r.address,
      method: r.method,
      route: r.route,
      target: r.target,
      filters: r.filters,
      rowCount: r.row_count === null ? null : Number(r.row_count),
      status: r.status,
      detail: r.detail,
    })) as Omit<AuditEntry, 'hash'>[],
  );
const instants = (path: string) => raw(path, async (db) => (await db.all(`SELECT id, epoch_us(occurred_at) AS us FROM audit_log ORDER BY id`)).map((r) => [Number(r.id), Number(r.us)]));
const hasHashColumn = (path: string) =>
  raw(path, async (db) => (await db.all(`SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'hash'`)).length > 0);
const headOf = (path: string) => JSON.parse(readFileSync(`${path}.head`, 'utf8')) as { id: number; hash: string };

async function readAll(path: string): Promise<AuditEntry[]> {
  const log = await AuditLog.open(path, { now: () => at });
  try {
    return (await log.read(everything)).entries;
  } finally {
    await log.close();
  }
}
const breaksOf = (i: AuditIntegrity) => i.breaks.map((b) => [b.id, b.reason]);

describe('an audit file written before records were chained is upgraded when opened', () => {
  it('every old record reads back through read() as it was; the chain verifies; the upgrade is the newest record', async () => {
    const path = await oldFile();
    const before = await oldRead(path);
    const instantsBefore = await instants(path);

    const log = await AuditLog.open(path, { now: () => at });
    const { entries, total } = await log.read(everything);
    expect(total).toBe(7);
    expect(entries.slice(1).map(withoutHash)).toEqual(before);
    expect(entries[0]).toMatchObject({
      id: 7,
      event: 'audit_check',
      username: null,
      route: UPGRADE_ROUTE,
      rowCount: 6,
      status: 200,
      detail: expect.stringMatching(/^the chain was started over 6 earlier records at upgrade: /),
    });
    expect(entries[0].detail).not.toMatch(/renumbered|no ids/);
    const integrity = await log.verify();
    expect(integrity).toMatchObject({ ok: true, records: 7, breaks: [], newest: { id: 7, hash: entries[0].hash } });
    expect(headOf(path)).toEqual({ id: 7, hash: entries[0].hash });
    // New records chain on from the upgrade record.
    await log.append({ event: 'sign_in', username: 'admin' });
    expect(await log.verify()).toMatchObject({ ok: true, records: 8 });
    await log.close();

    // The first record's hash by the rule, from its time as the old server stored it.
    const ms = Math.floor(instantsBefore[0][1] / 1000);
    const first = entries.at(-1)!;
    expect(first.hash).toBe(sha256(`${GENESIS}\n[1,${ms},"sign_in","analyst","analyst",null,"10.0.0.7","POST","/auth/login",null,null,null,303,null]`));
    // Times kept to the microsecond, and the table now as a new log's, without the old sequence.
    expect((await instants(path)).slice(0, 6)).toEqual(instantsBefore);
    const fresh = join(dir, `fresh-${++n}.duckdb`);
    await (await AuditLog.open(fresh)).close();
    const layout = (p: string) => raw(p, (db) => db.all(`SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'audit_log' ORDER BY ordinal_position`));
    expect(await layout(path)).toEqual(await layout(fresh));
    expect(await raw(path, (db) => db.all(`SELECT sequence_name FROM duckdb_sequences()`))).toEqual([]);
  });

  it('a second open does not upgrade again', async () => {
    const path = await oldFile();
    const once = await readAll(path);
    const twice = await readAll(path);
    expect(twice).toEqual(once);
    expect(twice.filter((e) => e.route === UPGRADE_ROUTE)).toHaveLength(1);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 7, newest: { id: 7, hash: once[0].hash } });
    expect(headOf(path)).toEqual({ id: 7, hash: once[0].hash });
  });

  it('old ids with gaps are numbered in the order written, a renumbered record keeping its old id in its detail', async () => {
    // Sequence numbers used up before the third and fifth records: old ids 1, 2, 4, 5, 7, 8.
    const path = await oldFile(history, { 2: 1, 4: 1 });
    const before = await oldRead(path);
    expect(before.map((e) => e.id)).toEqual([8, 7, 5, 4, 2, 1]);
    const entries = await readAll(path);
    expect(entries.map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const moved = (e: Omit<AuditEntry, 'hash'>, id: number) => ({
      ...e,
      id,
      detail: e.id === id ? e.detail : [e.detail, `(id ${e.id} before the upgrade to a chained log)`].filter((d) => d !== null).join(' '),
    });
    expect(entries.slice(1).map(withoutHash)).toEqual(before.map((e, i) => moved(e, 6 - i)));
    expect(entries[3].detail).toBe('(id 5 before the upgrade to a chained log)');
    expect(entries[2].detail).toBe('Zoë’s “aggregates only” — refused (id 7 before the upgrade to a chained log)');
    expect(entries[0].detail).toMatch(/started over 6 earlier records at upgrade: .*; 4 renumbered in the order written to close gaps in the old ids, each keeping its old id in its detail$/);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 7, breaks: [] });
  });

  it('a log longer than one upgrade page is chained across the pages without a break', async () => {
    const path = join(dir, `long-${++n}.duckdb`);
    await raw(path, async (db) => {
      await db.run(OLD_CREATE);
      await db.run(`INSERT INTO audit_log (event, username, row_count) SELECT 'export', 'u' || i, i FROM range(25003) t(i)`);
    });
    const log = await AuditLog.open(path, { now: () => at });
    expect(await log.verify()).toMatchObject({ ok: true, records: 25004, breaks: [] });
    const page = (await log.read({ username: 'u10000', limit: 1, offset: 0 })).entries[0];
    expect(page).toMatchObject({ id: 10001, rowCount: 10000, detail: null });
    await log.close();
  });

  it('an old table with no ids is numbered in the order its records were written', async () => {
    const path = join(dir, `no-ids-${++n}.duckdb`);
    await raw(path, async (db) => {
      await db.run(`CREATE TABLE audit_log (occurred_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, event VARCHAR NOT NULL, username VARCHAR, detail VARCHAR)`);
      for (const u of ['first', 'second', 'third']) await db.run(`INSERT INTO audit_log (event, username) VALUES ('sign_in', $1)`, [u]);
    });
    const entries = await readAll(path);
    expect(entries.map((e) => [e.id, e.username, e.detail?.slice(0, 20) ?? null])).toEqual([
      [4, null, 'the chain was starte'],
      [3, 'third', null],
      [2, 'second', null],
      [1, 'first', null],
    ]);
    expect(entries[0].detail).toMatch(/; they had no ids, so they were numbered in the order written$/);
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 4 });
  });

  it('a change made afterwards to an upgraded old record is found', async () => {
    const path = await oldFile();
    await readAll(path);
    await raw(path, (db) => db.run('UPDATE audit_log SET row_count = 500 WHERE id = 3'));
    expect(breaksOf(await verifyAuditFile(path))).toEqual([[3, 'its content, or the hash of the record before it, was changed after it was written']]);
    const other = await oldFile();
    await readAll(other);
    await raw(other, (db) => db.run('DELETE FROM audit_log WHERE id = 2'));
    expect(breaksOf(await verifyAuditFile(other))).toEqual([[3, 'record 2 is missing before it']]);
  });

  it('a failure inside the upgrade leaves the old file as it was, still usable, and the next open upgrades it', async () => {
    const path = await oldFile();
    const before = await oldRead(path);
    await expect(
      AuditLog.open(path, {
        onUpgradeStep: (step) => {
          if (step === 'before commit') throw new Error('stopped here');
        },
      }),
    ).rejects.toThrow(/written before audit records were chained, and upgrading it failed, so it was left as it was: stopped here/);
    expect(await hasHashColumn(path)).toBe(false);
    expect(await oldRead(path)).toEqual(before);
    expect(existsSync(`${path}.head`)).toBe(false);
    // Still an old log an old server could write to: its sequence gives the next id.
    await raw(path, (db) => db.run(OLD_INSERT, columns.map((c) => (c === 'event' ? 'sign_in' : null))));
    const written = await oldRead(path);
    expect(written[0].id).toBe(7);

    const entries = await readAll(path);
    expect(entries.slice(1).map(withoutHash)).toEqual(written);
    expect(entries[0]).toMatchObject({ id: 8, route: UPGRADE_ROUTE });
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true, records: 8 });
  });

  it('a process killed in the upgrade: before the commit the old file is untouched; just after it, the head file is rebuilt from the upgrade record', async () => {
    const script = join(dir, 'killed.mts');
    writeFileSync(
      script,
      `import { AuditLog } from ${JSON.stringify(join(root, 'dashboard/server/access/AuditLog.ts'))};
await AuditLog.open(process.argv[2], { onUpgradeStep: (step) => { if (step === process.argv[3]) process.kill(process.pid, 'SIGKILL'); } });
console.log('not killed');`,
    );
    const killedAt = (path: string, step: string) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, path, step], { cwd: root, encoding: 'utf8' });
      expect(r.signal, `${r.status} ${r.stdout} ${r.stderr}`).toBe('SIGKILL');
    };

    const early = await oldFile();
    const before = await oldRead(early);
    killedAt(early, 'before commit');
    expect(await hasHashColumn(early)).toBe(false);
    expect(await oldRead(early)).toEqual(before);
    expect((await readAll(early)).slice(1).map(withoutHash)).toEqual(before);
    expect(await verifyAuditFile(early)).toMatchObject({ ok: true, records: 7 });

    const late = await oldFile();
    killedAt(late, 'after commit');
    expect(await hasHashColumn(late)).toBe(true);
    expect(existsSync(`${late}.head`)).toBe(false);
    const entries = await readAll(late);
    expect(entries[0]).toMatchObject({ id: 7, route: UPGRADE_ROUTE });
    expect(headOf(late)).toEqual({ id: 7, hash: entries[0].hash });
    expect(await verifyAuditFile(late)).toMatchObject({ ok: true, records: 7, breaks: [] });
  });

  it('a missing head file is still reported once records follow the upgrade record', async () => {
    const path = await oldFile();
    const log = await AuditLog.open(path);
    await log.append({ event: 'sign_in', username: 'admin' });
    await log.close();
    rmSync(`${path}.head`);
    const i = await verifyAuditFile(path);
    expect(i.ok).toBe(false);
    expect(i.breaks.map((b) => b.reason)).toEqual([expect.stringMatching(/head file .* is missing/)]);
    expect(existsSync(`${path}.head`)).toBe(false);
  });

  it("a head file already beside an old file is set aside, not taken for the upgraded log's", async () => {
    const path = await oldFile();
    writeFileSync(`${path}.head`, '{"id":99,"hash":"not this log"}\n');
    const entries = await readAll(path);
    expect(headOf(path)).toEqual({ id: 7, hash: entries[0].hash });
    expect(readFileSync(`${path}.head.before-upgrade`, 'utf8')).toBe('{"id":99,"hash":"not this log"}\n');
    expect(await verifyAuditFile(path)).toMatchObject({ ok: true });
  });
});

describe('the server on an old audit file', () => {
  let h: HandMadeDb;
  beforeAll(async () => {
    h = await handMadeDb();
  });
  afterAll(() => h?.remove());

  it('starts: the file is upgraded, the check at start passes, and administrators read the old records', async () => {
    const auditPath = await oldFile();
    const before = await oldRead(auditPath);
    const server = await startAccessServer(h.db, { access: { auditPath } });
    try {
      expect(server.logged.join('\n')).not.toMatch(/AUDIT LOG CHANGED/);
      expect(server.access.integrity.last).toMatchObject({ ok: true, records: 7, breaks: [] });
      const api = await (await server.as('admin').get('/api/audit?limit=500')).json();
      const entries = api.entries as AuditEntry[];
      expect(entries.filter((e) => e.id <= 6).map(withoutHash)).toEqual(before);
      expect(entries.find((e) => e.id === 7)).toMatchObject({ route: UPGRADE_ROUTE, detail: expect.stringMatching(/started over 6 earlier records/) });
      expect(entries.find((e) => e.id === 8)).toMatchObject({ event: 'audit_check', status: 200, detail: expect.stringMatching(/^at start: all 7 records chain correctly/) });
      expect(await (await server.as('admin').get('/api/audit/verify')).json()).toMatchObject({ ok: true, breaks: [] });
    } finally {
      await server.close();
    }
  });
});
