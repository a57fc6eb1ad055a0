// DuckDB's allocator setting (pipeline/db/allocatorConfig.ts) only counts if it is in the
// environment before the DuckDB library loads. Checked in fresh processes, as a CLI or the
// server starts, because the test runner has long since loaded DuckDB.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { allocatorConfig } from '../../pipeline/db/allocatorConfig.ts';

function probe(env: Record<string, string | undefined>) {
  const { DUCKDB_JE_MALLOC_CONF: _, ...inherited } = process.env;
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'allocatorProbe.ts')], {
    encoding: 'utf8',
    env: { ...inherited, ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { configuredBeforeLoad: boolean; conf: string | null; n: number };
}

it('sets the allocator configuration before DuckDB loads, when the environment has none', () => {
  expect(probe({})).toEqual({ configuredBeforeLoad: true, conf: allocatorConfig, n: 1000 });
}, 30_000);

it('leaves a configuration set in the environment alone', () => {
  expect(probe({ DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:1000' })).toEqual({ configuredBeforeLoad: true, conf: 'dirty_decay_ms:1000', n: 1000 });
}, 30_000);
