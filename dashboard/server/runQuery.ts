import type { CompiledQuery, Compilable } from 'kysely';
import type { Database, Row } from '../../pipeline/db/database.ts';
import { HttpError } from './HttpError.ts';
import type { Lease, LiveDatabase } from './LiveDatabase.ts';
import { Pseudonymiser } from './Pseudonymiser.ts';
import { ResultCache } from './ResultCache.ts';
import { guardResult } from './access/guardResult.ts';
import type { QueryPurpose } from './access/QueryPurpose.ts';
import { notePersonLevelColumns } from './personLevelColumns.ts';

/** A result column: its name and DuckDB type (e.g. VARCHAR, BIGINT, DATE). */
export interface Column {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: Column[];
  rows: Row[];
}

/**
 * Who is asking, and on which version of the database. Today every user sees
 * everything; the access work adds the user's role, localities and services here, and
 * runQuery applies them.
 */
export interface QueryScope {
  live: LiveDatabase;
  lease: Lease;
  pseudonymiser: Pseudonymiser;
  /** Longest a query may run before it is interrupted. */
  timeoutMs: number;
}

type AnyQuery = Compilable<unknown> | CompiledQuery<unknown>;

const isCompilable = (q: AnyQuery): q is Compilable<unknown> => typeof (q as Compilable<unknown>).compile === 'function';

/**
 * Every query the server runs goes through here: indicators, drill-downs, exports,
 * filter options, quality. This is the one place to add row-level scope (restrict the
 * query to the user's localities and services) and disclosure control (suppress small
 * numbers for aggregate-only roles) so no route can forget them. Identifiers (every
 * *_id column) are pseudonymised here for the same reason. Answers are cached per
 * database version (ResultCache): callers must not change the rows they get.
 * `purpose` says what a query that is not the request's indicator or drill-down answers
 * (filter options, column types, data quality); a query with neither is refused.
 */
export async function runQuery(scope: QueryScope, query: AnyQuery, purpose?: QueryPurpose): Promise<QueryResult> {
  const { sql, parameters } = isCompilable(query) ? query.compile() : query;
  const gen = scope.lease.generation;
  // Keyed by the statement as it will run: once scope is added to the SQL above, users
  // with different scopes get different keys without anything else changing.
  const key = JSON.stringify([sql, parameters], (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  const result = await resultCache(gen.cache).get(key, () => execute(scope, sql, parameters));
  // The user's scope, person-level columns and disclosure control, checked on every answer (cached or not).
  const checked = guardResult(result, purpose);
  // What this request was sent, for the audit log (a cached answer is a view all the same).
  notePersonLevelColumns(checked.columns);
  return checked;
}

function resultCache(cache: Map<string, unknown>): ResultCache {
  let rc = cache.get('results') as ResultCache | undefined;
  if (!rc) cache.set('results', (rc = new ResultCache()));
  return rc;
}

async function execute(scope: QueryScope, sql: string, parameters: readonly unknown[]): Promise<QueryResult> {
  const gen = scope.lease.generation;
  const releaseSlot = await scope.live.slots.acquire();
  const conn = gen.take();
  try {
    const columns = await columnTypes(gen.cache, conn, sql, parameters);
    const rows = await withTimeout(conn, scope.timeoutMs, () => conn.allPrepared(sql, parameters));
    return { columns: pseudonymise(columns, rows, scope.pseudonymiser), rows };
  } finally {
    gen.give(conn);
    releaseSlot();
  }
}

/**
 * Result column types, from DESCRIBE of the same statement with the same parameters.
 * Values only change which rows come back, never the types, so the answer is cached per
 * statement text for the life of the database version.
 */
async function columnTypes(cache: Map<string, unknown>, conn: Database, sql: string, parameters: readonly unknown[]): Promise<Column[]> {
  const key = `types:${sql}`;
  const hit = cache.get(key) as Column[] | undefined;
  if (hit) return hit;
  const rows = await conn.all<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`, parameters);
  const columns = rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  if (cache.size > 2000) for (const k of [...cache.keys()].filter((k) => k.startsWith('types:'))) cache.delete(k);
  cache.set(key, columns);
  return columns;
}

async function withTimeout<T>(conn: Database, ms: number, run: () => Promise<T>): Promise<T> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
  }, ms);
  try {
    return await run();
  } catch (e) {
    if (timedOut) throw new HttpError(503, 'The query took too long and was stopped. Try narrower filters.');
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function pseudonymise(columns: Column[], rows: Row[], p: Pseudonymiser): Column[] {
  const ids = columns.filter((c) => Pseudonymiser.isIdentifier(c.name)).map((c) => c.name);
  if (!ids.length) return columns;
  if (!p.ready) throw new HttpError(503, p.missingKeyReason);
  for (const row of rows) {
    for (const c of ids) {
      const v = row[c];
      if (v !== null && v !== undefined) row[c] = p.pseudonym(String(v));
    }
  }
  // The values are now text whatever the identifier's type was.
  return columns.map((c) => (ids.includes(c.name) ? { name: c.name, type: 'VARCHAR' } : c));
}
