import type { Config } from '../../models/config.ts';
import type { LiveDatabase } from './LiveDatabase.ts';
import type { Pseudonymiser } from './Pseudonymiser.ts';
import type { Registry } from './Registry.ts';
import type { QueryScope } from './runQuery.ts';

/** What every route needs: built once per server. */
export interface ServerContext {
  live: LiveDatabase;
  registry: Registry;
  config: Config;
  pseudonymiser: Pseudonymiser;
  scratchDir: string;
  queryTimeoutMs: number;
  maxExportRows: number;
}

/**
 * Runs `fn` with a scope on the current database version, held for the whole request so
 * every query of it reads the same data and a swap cannot close the file under it.
 */
export async function withScope<T>(ctx: ServerContext, fn: (scope: QueryScope) => Promise<T>): Promise<T> {
  const lease = ctx.live.acquire();
  try {
    return await fn({ live: ctx.live, lease, pseudonymiser: ctx.pseudonymiser, timeoutMs: ctx.queryTimeoutMs });
  } finally {
    lease.release();
  }
}
