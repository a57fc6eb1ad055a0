import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Database, type Row } from '../../../pipeline/db/database.ts';

/** What is recorded: sign-ins (good and bad), sign-outs, person-level views, exports, refusals, and the log's own checks. */
export const auditEvents = ['sign_in', 'sign_in_failed', 'sign_in_blocked', 'sign_out', 'rows_view', 'export', 'access_denied', 'audit_view', 'audit_check'] as const;
export type AuditEvent = (typeof auditEvents)[number];

export interface AuditRecord {
  event: AuditEvent;
  /** Who: the user name (for a failed sign-in, the name that was tried). */
  username: string | null;
  role?: string | null;
  /** The user's scope as text ("localities Madeley; services FIT"). */
  scope?: string | null;
  /** The client's address. */
  address?: string | null;
  method?: string | null;
  /** The path asked for, without the query string (the filters are recorded apart). */
  route?: string | null;
  /** The indicator or drill-down. */
  target?: string | null;
  /** JSON: the filters and parameters the query ran with (after scope), and what was asked. */
  filters?: string | null;
  /** Rows sent (a page of rows, or the rows of an export). */
  rowCount?: number | null;
  status?: number | null;
  detail?: string | null;
}

export interface AuditEntry extends Required<AuditRecord> {
  id: number;
  at: string;
  /** sha256 of the previous record's hash and this record's content (see `chainHash`). */
  hash: string;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  event?: AuditEvent;
  username?: string;
  target?: string;
  limit: number;
  offset: number;
}

/** The result of walking the whole chain (`AuditLog.verify`). */
export interface AuditIntegrity {
  ok: boolean;
  /** Records in the file. */
  records: number;
  /** The newest record: write its hash down elsewhere to be able to show later that nothing up to it changed. */
  newest: { id: number; hash: string } | null;
  /** Where the chain breaks, oldest first (at most `MAX_BREAKS`). */
  breaks: { id: number; reason: string }[];
  /** When the check ran (ISO 8601). */
  checkedAt: string;
}

const columns = ['event', 'username', 'role', 'scope', 'address', 'method', 'route', 'target', 'filters', 'row_count', 'status', 'detail'] as const;
type Values = [string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, number | null, number | null, string | null];

/** The hash before the first record. */
export const GENESIS = '0'.repeat(64);
const MAX_BREAKS = 20;

/**
 * A record's hash: sha256 over the previous record's hash and this record's canonical
 * content (its id, the instant in epoch milliseconds, then every column in a fixed order,
 * as JSON). Changing any field, removing or re-ordering a record changes the hash of that
 * record or of the one after it, so `verify` finds it.
 */
export function chainHash(previous: string, id: number, atMs: number, values: readonly unknown[]): string {
  return createHash('sha256')
    .update(previous)
    .update('\n')
    .update(JSON.stringify([id, atMs, ...values]))
    .digest('hex');
}

// The only SQL that touches the audit table: create it, add to it, read it. There is no
// statement here that changes or removes a row, and no other module opens the file.
// Ids are given here (one more than the newest), not by a sequence: they are part of
// each record's hash, and a gap in them shows a removed record.
const CREATE = `
  CREATE TABLE IF NOT EXISTS audit_log (
    id BIGINT PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
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
    detail VARCHAR,
    hash VARCHAR NOT NULL
  )`;
const INSERT = `INSERT INTO audit_log (id, occurred_at, ${columns.join(', ')}, hash)
  VALUES ($1, $2::TIMESTAMPTZ, ${columns.map((_, i) => `$${i + 3}`).join(', ')}, $${columns.length + 3})`;
const CHAIN = `SELECT id, epoch_ms(occurred_at) AS at_ms, ${columns.join(', ')}, hash FROM audit_log ORDER BY id`;

interface Tail {
  id: number;
  hash: string;
}

interface Shared {
  db: Database;
  /** The head file beside the audit file: the newest record's id and hash (see `verify`). */
  headPath: string;
  /** The newest record; unknown after a failed append until read again. */
  tail: Tail | undefined;
  now: () => number;
  users: number;
  /** One statement at a time on the one connection, so each record chains onto the one before. */
  queue: Promise<unknown>;
}
/** One open file per path in this process: several servers in one process (tests, the dev plugin) share it. */
const open = new Map<string, Promise<Shared>>();

const text = (v: string | null | undefined): string | null =>
  // What DuckDB stores and gives back exactly: well-formed UTF-8 (a lone surrogate becomes
  // U+FFFD, as the driver would make it), so the hash made now matches the one verify makes.
  v === null || v === undefined ? null : Buffer.from(v.slice(0, 4000), 'utf8').toString('utf8');
const integer = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null);

function valuesOf(r: AuditRecord): Values {
  return [r.event, text(r.username), text(r.role), text(r.scope), text(r.address), text(r.method), text(r.route), text(r.target), text(r.filters), integer(r.rowCount), integer(r.status), text(r.detail)];
}

function storedValues(r: Row): unknown[] {
  return columns.map((c) => (r[c] === undefined ? null : r[c]));
}

const span = (from: number, to: number) => (from === to ? `record ${from} is` : `records ${from} to ${to} are`);

async function readTail(db: Database): Promise<Tail> {
  const last = await db.one<{ id: number; hash: string }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  return last ? { id: Number(last.id), hash: String(last.hash) } : { id: 0, hash: GENESIS };
}

async function readHead(path: string): Promise<Tail | null | 'unreadable'> {
  let body: string;
  try {
    body = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'unreadable';
  }
  try {
    const h = JSON.parse(body) as Partial<Tail>;
    if (Number.isSafeInteger(h.id) && typeof h.hash === 'string') return { id: h.id!, hash: h.hash };
  } catch {
    // falls through
  }
  return 'unreadable';
}

async function writeHead(path: string, tail: Tail): Promise<void> {
  // Written whole, then renamed over the old one: never half a file.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(tail)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

/** Where an upgrade stops when a test asks (`AuditLog.open`'s `onUpgradeStep`). */
export type UpgradeStep = 'before commit' | 'after commit';

/** The route of the record an upgrade adds: no request made it. */
export const UPGRADE_ROUTE = 'upgrade to a chained log';

/** The columns of the audit table, none when there is no table yet. */
async function tableColumns(db: Database): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'audit_log'`);
  return new Set(rows.map((r) => String(r.name)));
}

async function newestIsUpgrade(db: Database): Promise<boolean> {
  const r = await db.one(`SELECT event, username, route FROM audit_log ORDER BY id DESC LIMIT 1`);
  return !!r && r.event === 'audit_check' && r.username === null && r.route === UPGRADE_ROUTE;
}

/** Records hashed and copied per statement during an upgrade: bounded memory on a large log. */
const UPGRADE_PAGE = 10_000;

/**
 * Brings a log written before records were chained (no hash column; ids from a sequence)
 * to the chained layout, in one transaction, so a process stopped part way leaves the old
 * file as it was and the next start simply upgrades again. The records are copied into a
 * table of the new layout rather than changed where they are: ids are part of each hash
 * and may have to be renumbered, and a table built by the one CREATE above is the same
 * whether the log began chained or was upgraded. Nothing else in this module removes a
 * table, and this runs only on a file with no hash column.
 *
 * Records keep their order, and their ids when these already run 1, 2, 3; where the old
 * ids have gaps (a failed insert still used up a sequence number) or there are none, the
 * records are numbered in the order they were written and a renumbered record's detail
 * keeps its old id. The chain can only vouch for them from now on, which the record the
 * upgrade adds says. The head file is written by `open` once this has committed.
 */
async function upgradeUnchained(db: Database, found: Set<string>, headPath: string, now: () => number, onStep?: (step: UpgradeStep) => unknown): Promise<void> {
  for (const needed of ['occurred_at', 'event']) {
    if (!found.has(needed)) throw new Error(`its audit_log table has no ${needed} column, so its records cannot be upgraded to a chained log. Move it aside to keep it, and start with a new file.`);
  }
  // A head file beside an unchained log belongs to some other log; left in place it would
  // be taken for this one's. Kept rather than removed, in case it is someone's evidence.
  if ((await readHead(headPath)) !== null) await rename(headPath, `${headPath}.before-upgrade`);

  const content = (c: string, type: string) => (found.has(c) ? `CAST(${c} AS ${type})` : `CAST(NULL AS ${type})`);
  const types: Record<(typeof columns)[number], string> = {
    event: 'VARCHAR', username: 'VARCHAR', role: 'VARCHAR', scope: 'VARCHAR', address: 'VARCHAR', method: 'VARCHAR',
    route: 'VARCHAR', target: 'VARCHAR', filters: 'VARCHAR', row_count: 'BIGINT', status: 'INTEGER', detail: 'VARCHAR',
  };
  const hasId = found.has('id');
  // rowid follows the order rows were written, which the sequence's ids followed too.
  const written = hasId ? 'id, rowid' : 'rowid';
  const oldId = hasId ? 'CAST(id AS VARCHAR)' : 'CAST(NULL AS VARCHAR)';

  await db.run('BEGIN TRANSACTION');
  try {
    // Every value as the new table will hold it, so each hash is made from what verify reads back.
    await db.run(`CREATE TEMP TABLE audit_upgrade AS
      SELECT row_number() OVER (ORDER BY ${written}) AS id, ${oldId} AS old_id, CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at,
        ${columns.map((c) => `${content(c, types[c])} AS ${c}`).join(', ')}
      FROM audit_log`);
    const n = Number((await db.one<{ n: number }>('SELECT count(*) AS n FROM audit_upgrade'))?.n ?? 0);
    const renumbered = Number(
      (await db.one<{ n: number }>(`SELECT count(*) AS n FROM audit_upgrade WHERE old_id IS DISTINCT FROM CAST(id AS VARCHAR)`))?.n ?? 0,
    );
    // The sequence went with the old layout: ids are now given by append, one more than the newest.
    await db.run('DROP TABLE audit_log; DROP SEQUENCE IF EXISTS audit_log_id');
    await db.run(CREATE);

    const stored = columns
      .map((c) => (c === 'detail' ? `CASE WHEN old_id IS NULL OR old_id = CAST(id AS VARCHAR) THEN detail ELSE concat_ws(' ', detail, '(id ' || old_id || ' before the upgrade to a chained log)') END AS detail` : c))
      .join(', ');
    const page = `SELECT id, epoch_ms(occurred_at) AS at_ms, ${stored} FROM audit_upgrade WHERE id BETWEEN $1 AND $2 ORDER BY id`;
    // The page's hashes go in as one text of 64-character pieces, the record's own at (id - first) * 64.
    const copy = `INSERT INTO audit_log (id, occurred_at, ${columns.join(', ')}, hash)
      SELECT id, occurred_at, ${stored}, substr($3, CAST((id - $1) * 64 + 1 AS BIGINT), 64)
      FROM audit_upgrade WHERE id BETWEEN $1 AND $2`;
    let previous = GENESIS;
    for (let first = 1; first <= n; first += UPGRADE_PAGE) {
      const last = Math.min(n, first + UPGRADE_PAGE - 1);
      const hashes: string[] = [];
      for (const r of await db.all(page, [first, last])) {
        previous = chainHash(previous, Number(r.id), Number(r.at_ms), storedValues(r));
        hashes.push(previous);
      }
      if (hashes.length !== last - first + 1) throw new Error(`records ${first} to ${last} could not all be read back while upgrading`);
      await db.run(copy, [first, last, hashes.join('')]);
    }

    const id = n + 1;
    const atMs = now();
    const values = valuesOf({
      event: 'audit_check',
      username: null,
      route: UPGRADE_ROUTE,
      rowCount: n,
      status: 200,
      detail:
        `the chain was started over ${n} earlier record${n === 1 ? '' : 's'} at upgrade: they were written before records were chained, ` +
        `so a change made to them before now cannot be found` +
        (!hasId ? '; they had no ids, so they were numbered in the order written' : renumbered ? `; ${renumbered} renumbered in the order written to close gaps in the old ids, each keeping its old id in its detail` : ''),
    });
    await db.run(INSERT, [id, new Date(atMs).toISOString(), ...values, chainHash(previous, id, atMs, values)]);
    await db.run('DROP TABLE audit_upgrade');
    await onStep?.('before commit');
    await db.run('COMMIT');
  } catch (e) {
    await db.run('ROLLBACK').catch(() => {});
    throw new Error(`it was written before audit records were chained, and upgrading it failed, so it was left as it was: ${(e as Error).message}`);
  }
  await onStep?.('after commit');
}

/**
 * The audit log: an append-only table in its own DuckDB file (data/audit.duckdb by
 * default, AUDIT_DB to move it), never the analytics database, which the server opens
 * read-only and the pipeline replaces. `append`, `read` and `verify` are all there is:
 * the connection is held in private fields, so no caller can run other SQL on it. A
 * failed append is thrown to the caller, whose request then fails, so nothing is shown
 * or exported that was not recorded.
 *
 * DuckDB cannot refuse an UPDATE or DELETE on a file someone opens by other means, so the
 * records are chained instead: each stores sha256(previous hash + its own content), and
 * the newest id and hash are also kept in a head file beside the audit file
 * (`<file>.head`). `verify` walks the chain and names the first record changed, removed
 * or inserted, and a removal of the newest records (the head file is ahead of the table).
 * Someone able to rewrite both the file and the head file and recompute every hash
 * after their change is not caught by this alone: an administrator who notes the newest
 * hash (shown on the audit page) can show later that nothing up to it changed.
 */
export class AuditLog {
  #closed = false;
  readonly #shared: Shared;

  private constructor(
    readonly path: string,
    shared: Shared,
  ) {
    this.#shared = shared;
  }

  /**
   * `now`: the clock for the records' time (tests; the first to open a file sets it).
   * `onUpgradeStep`: tests only, called inside an upgrade's transaction just before it
   * commits, and again just after, so a test can stop the process there as a crash would.
   */
  static async open(path: string, o: { now?: () => number; onUpgradeStep?: (step: UpgradeStep) => unknown } = {}): Promise<AuditLog> {
    const abs = resolve(path);
    let shared = open.get(abs);
    if (!shared) {
      shared = (async () => {
        mkdirSync(dirname(abs), { recursive: true });
        const db = await Database.open(abs, { externalAccess: false });
        const headPath = `${abs}.head`;
        const now = o.now ?? Date.now;
        try {
          const found = await tableColumns(db);
          if (found.size && !found.has('hash')) await upgradeUnchained(db, found, headPath, now, o.onUpgradeStep);
          else await db.run(CREATE);
          const tail = await readTail(db);
          const head = await readHead(headPath);
          // A new, empty log starts its head file; an existing one keeps its own, for verify to
          // compare. The one exception is a log whose newest record is its upgrade: the head
          // file is written only after the upgrade commits, so a process stopped in between
          // leaves it missing, and nothing the dashboard wrote since could be lost with it.
          if (head === null && (tail.id === 0 || (await newestIsUpgrade(db)))) await writeHead(headPath, tail);
          return { db, headPath, tail, now, users: 0, queue: Promise.resolve() };
        } catch (e) {
          db.close();
          throw e;
        }
      })();
      open.set(abs, shared);
      shared.catch(() => open.delete(abs));
    }
    const s = await shared;
    s.users++;
    return new AuditLog(abs, s);
  }

  /** Adds one record, chained onto the newest; resolves once it is committed. */
  append(r: AuditRecord): Promise<void> {
    const values = valuesOf(r);
    return this.#serial(async (s) => {
      s.tail ??= await readTail(s.db);
      const id = s.tail.id + 1;
      const atMs = s.now();
      const hash = chainHash(s.tail.hash, id, atMs, values);
      try {
        await s.db.run(INSERT, [id, new Date(atMs).toISOString(), ...values, hash]);
      } catch (e) {
        // Whether it was committed is not known for sure: read the newest record again next time.
        s.tail = undefined;
        throw e;
      }
      s.tail = { id, hash };
      await writeHead(s.headPath, s.tail);
    });
  }

  /** Newest first, filtered; every value bound as a parameter. */
  read(q: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (cond: string, v: unknown) => {
      params.push(v);
      where.push(cond.replace('?', `$${params.length}`));
    };
    if (q.from) add(`occurred_at >= ?::DATE`, q.from);
    if (q.to) add(`occurred_at < ?::DATE + INTERVAL 1 DAY`, q.to);
    if (q.event) add(`event = ?`, q.event);
    if (q.username) add(`username = ?`, q.username);
    if (q.target) add(`target = ?`, q.target);
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.#serial(async (s) => {
      const total = Number((await s.db.one<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${cond}`, params))?.n ?? 0);
      const rows = await s.db.all(
        `SELECT id, strftime(occurred_at AT TIME ZONE 'Europe/London', '%Y-%m-%d %H:%M:%S') AS at, ${columns.join(', ')}, hash
         FROM audit_log ${cond} ORDER BY id DESC LIMIT ${Math.trunc(q.limit)} OFFSET ${Math.trunc(q.offset)}`,
        params,
      );
      return { entries: rows.map(toEntry), total };
    });
  }

  /**
   * Walks every record from the first, recomputing each hash from the one before, and
   * compares the newest with the head file. Appends wait while it runs (the server runs
   * it at start and when an administrator asks).
   */
  verify(): Promise<AuditIntegrity> {
    return this.#serial(async (s) => {
      const head = await readHead(s.headPath);
      const breaks: AuditIntegrity['breaks'] = [];
      const broken = (id: number, reason: string) => {
        if (breaks.length < MAX_BREAKS) breaks.push({ id, reason });
      };
      let previous: Tail = { id: 0, hash: GENESIS };
      let records = 0;
      let headSeen = false;
      for await (const chunk of s.db.stream(CHAIN)) {
        for (const r of chunk) {
          records++;
          const id = Number(r.id);
          const stored = String(r.hash);
          if (id !== previous.id + 1) {
            broken(id, id > previous.id + 1 ? `${span(previous.id + 1, id - 1)} missing before it` : `its id does not follow ${previous.id}`);
          } else if (chainHash(previous.hash, id, Number(r.at_ms), storedValues(r)) !== stored) {
            broken(id, 'its content, or the hash of the record before it, was changed after it was written');
          }
          if (head && head !== 'unreadable' && id === head.id) {
            headSeen = true;
            if (stored !== head.hash) broken(id, 'its hash differs from the one the head file keeps');
          }
          // The next record is checked against this one as stored, so each change is found on its own.
          previous = { id, hash: stored };
        }
      }
      if (head === 'unreadable') broken(previous.id + 1, "the head file (the audit file's name + .head) cannot be read");
      else if (head === null && records > 0) broken(previous.id + 1, "the head file (the audit file's name + .head) is missing: it goes wherever the audit file goes");
      else if (head && head.id > 0 && !headSeen) {
        broken(previous.id + 1, head.id > previous.id ? `${span(previous.id + 1, head.id)} missing from the end (the head file names record ${head.id})` : `the head file names record ${head.id}, which is not in the log`);
      } else if (head && previous.id > head.id) {
        // Anyone can compute a valid hash for a record added at the end; the head file is
        // what the dashboard itself last wrote.
        broken(head.id + 1, `${span(head.id + 1, previous.id)} newer than the head file: added outside the dashboard, or the head file could not be written when they were added`);
      }
      return {
        ok: breaks.length === 0,
        records,
        newest: records ? { id: previous.id, hash: previous.hash } : null,
        breaks,
        checkedAt: new Date().toISOString(),
      };
    });
  }

  /** Lets go of the file (closed for good when the last user in this process lets go). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const s = this.#shared;
    s.users--;
    if (s.users > 0) return;
    open.delete(this.path);
    await s.queue;
    s.db.close();
  }

  /** Runs one step on the log's connection after every step queued before it. Private: no caller gets the connection. */
  #serial<T>(fn: (s: Shared) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the audit log is closed'));
    const s = this.#shared;
    const next = s.queue.then(() => fn(s));
    s.queue = next.catch(() => {});
    return next;
  }
}

function toEntry(r: Row): AuditEntry {
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    at: String(r.at),
    event: r.event as AuditEvent,
    username: s(r.username),
    role: s(r.role),
    scope: s(r.scope),
    address: s(r.address),
    method: s(r.method),
    route: s(r.route),
    target: s(r.target),
    filters: s(r.filters),
    rowCount: n(r.row_count),
    status: n(r.status),
    detail: s(r.detail),
    hash: String(r.hash),
  };
}
