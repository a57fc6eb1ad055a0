import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Database, type Row } from '../../../pipeline/db/database.ts';

/** What is recorded: sign-ins (good and bad), sign-outs, person-level views, exports and refusals. */
export const auditEvents = ['sign_in', 'sign_in_failed', 'sign_in_blocked', 'sign_out', 'rows_view', 'export', 'access_denied', 'audit_view'] as const;
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

const columns = ['event', 'username', 'role', 'scope', 'address', 'method', 'route', 'target', 'filters', 'row_count', 'status', 'detail'] as const;

// The only SQL that touches the audit table: create it, add to it, read it. There is no
// statement here that changes or removes a row, and no other module opens the file.
const CREATE = `
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
const INSERT = `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;

interface Shared {
  db: Database;
  users: number;
  /** One statement at a time on the one connection. */
  queue: Promise<unknown>;
}
/** One open file per path in this process: several servers in one process (tests, the dev plugin) share it. */
const open = new Map<string, Promise<Shared>>();

/**
 * The audit log: an append-only table in its own DuckDB file (data/audit.duckdb by
 * default, AUDIT_DB to move it), never the analytics database, which the server opens
 * read-only and the pipeline replaces. Rows are only ever added: `append` and `read`
 * are all there is. A failed append is thrown to the caller, whose request then fails,
 * so nothing is shown or exported that was not recorded.
 */
export class AuditLog {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly shared: Shared,
  ) {}

  static async open(path: string): Promise<AuditLog> {
    const abs = resolve(path);
    let shared = open.get(abs);
    if (!shared) {
      shared = (async () => {
        mkdirSync(dirname(abs), { recursive: true });
        const db = await Database.open(abs, { externalAccess: false });
        try {
          await db.run(CREATE);
        } catch (e) {
          db.close();
          throw e;
        }
        return { db, users: 0, queue: Promise.resolve() };
      })();
      open.set(abs, shared);
      shared.catch(() => open.delete(abs));
    }
    const s = await shared;
    s.users++;
    return new AuditLog(abs, s);
  }

  private serial<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the audit log is closed'));
    const next = this.shared.queue.then(() => fn(this.shared.db));
    this.shared.queue = next.catch(() => {});
    return next;
  }

  /** Adds one record; resolves once it is committed. */
  append(r: AuditRecord): Promise<void> {
    const values = [
      r.event,
      r.username,
      r.role ?? null,
      r.scope ?? null,
      r.address ?? null,
      r.method ?? null,
      r.route ?? null,
      r.target ?? null,
      r.filters ?? null,
      r.rowCount ?? null,
      r.status ?? null,
      r.detail ?? null,
    ].map((v) => (typeof v === 'string' ? v.slice(0, 4000) : v));
    return this.serial((db) => db.run(INSERT, values));
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
    return this.serial(async (db) => {
      const total = Number((await db.one<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${cond}`, params))?.n ?? 0);
      const rows = await db.all(
        `SELECT id, strftime(occurred_at AT TIME ZONE 'Europe/London', '%Y-%m-%d %H:%M:%S') AS at, ${columns.join(', ')}
         FROM audit_log ${cond} ORDER BY id DESC LIMIT ${Math.trunc(q.limit)} OFFSET ${Math.trunc(q.offset)}`,
        params,
      );
      return { entries: rows.map(toEntry), total };
    });
  }

  /** Lets go of the file (closed for good when the last user in this process lets go). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shared.users--;
    if (this.shared.users > 0) return;
    open.delete(this.path);
    await this.shared.queue;
    this.shared.db.close();
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
  };
}
