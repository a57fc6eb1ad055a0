import type { CompiledQuery, DatabaseConnection, QueryResult, RootOperationNode } from 'kysely';
import type { Database, Row } from '../../pipeline/db/database.ts';

const MUTATIONS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

function hasReturning(node: RootOperationNode): boolean {
  return 'returning' in node && node.returning !== undefined;
}

// DuckDB answers a write without RETURNING with one row {Count: n}. That row is a
// status, not data, so it becomes numAffectedRows like every other Kysely dialect.
function isCountStatus(rows: Row[], changed: number): boolean {
  if (rows.length !== 1 || changed === 0) return false;
  const keys = Object.keys(rows[0]);
  return keys.length === 1 && keys[0] === 'Count' && Number(rows[0].Count) === changed;
}

export class DuckDBConnection implements DatabaseConnection {
  constructor(private readonly db: Database) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    const { rows, changed } = await this.db.execute(sql, parameters);
    if (MUTATIONS.has(query.kind)) {
      // With RETURNING DuckDB reports 0 changed rows; the returned rows are the count.
      return hasReturning(query)
        ? { rows: rows as R[], numAffectedRows: BigInt(rows.length) }
        : { rows: [], numAffectedRows: BigInt(changed) };
    }
    if (isCountStatus(rows, changed)) return { rows: [], numAffectedRows: BigInt(changed) };
    return { rows: rows as R[] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 2048): AsyncIterableIterator<QueryResult<R>> {
    const size = Math.max(1, Math.floor(chunkSize));
    for await (const chunk of this.db.stream(compiledQuery.sql, compiledQuery.parameters)) {
      for (let i = 0; i < chunk.length; i += size) yield { rows: chunk.slice(i, i + size) as R[] };
    }
  }
}
