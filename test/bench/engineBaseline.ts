// The API bench's baseline: the statements the server would run for a list of request
// paths, run straight on DuckDB through the server's own LiveDatabase (same connection
// pool, same threads, same queue), with no HTTP, session check, result cache, column types,
// pseudonymisation or Arrow. Its latency at the same concurrency is what the database
// alone costs on this machine, so the server's figure reads as a ratio to it.
import { loadConfig } from '../../models/config.ts';
import type { Row } from '../../pipeline/db/database.ts';
import { LiveDatabase } from '../../dashboard/server/LiveDatabase.ts';
import type { FilterOptions } from '../../dashboard/server/meta.ts';
import { parseRequest, type Query } from '../../dashboard/server/parseFilters.ts';
import { Registry } from '../../dashboard/server/Registry.ts';
import { apiContext } from '../../dashboard/server/RegistryEntry.ts';

export interface Engine {
  /** Runs the statement `/api/indicators/<name>?<filters>` would run, and reads its rows. */
  send(path: string): Promise<Row[]>;
  close(): Promise<void>;
}

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** A query string as the server's router hands it on: a key given twice becomes a list. */
function queryOf(search: URLSearchParams): Query {
  const query: Query = {};
  for (const key of new Set(search.keys())) {
    const all = search.getAll(key);
    query[key] = all.length > 1 ? all : all[0];
  }
  return query;
}

/**
 * Opens `db` as the server does and compiles each path once, with the server's own
 * parsing (parseRequest) and indicator functions, as an analyst (no scope, no disclosure
 * control) like the bench's signed-in user.
 */
export async function openEngine(db: string, options: FilterOptions): Promise<Engine> {
  const config = loadConfig();
  const registry = new Registry(config);
  const live = await LiveDatabase.open({ path: db });
  const lease = live.acquire();
  const compiled = new Map<string, Statement>();
  const compile = (path: string): Statement => {
    let statement = compiled.get(path);
    if (statement) return statement;
    const url = new URL(path, 'http://bench.invalid');
    const name = url.pathname.split('/').pop()!;
    const entry = registry.indicators.get(name);
    if (!entry) throw new Error(`${name} is not an indicator`);
    const { filters, params } = parseRequest(queryOf(url.searchParams), entry, options);
    statement = entry.run(apiContext(config), filters, params).compile();
    compiled.set(path, statement);
    return statement;
  };
  return {
    async send(path) {
      const { sql, parameters } = compile(path);
      const release = await live.slots.acquire();
      const conn = lease.generation.take();
      try {
        return await conn.allPrepared(sql, parameters);
      } finally {
        lease.generation.give(conn);
        release();
      }
    },
    async close() {
      lease.release();
      await live.close();
    },
  };
}
