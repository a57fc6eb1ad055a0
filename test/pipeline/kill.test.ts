// Safety (issue: "a process killed at any point leaves the previous database intact and
// readable"): a real child process loading a large extract is killed at random moments,
// many times; after each kill the database opens and holds exactly one complete load.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallExtract } from '../helpers/smallExtract.ts';
import { syntheticExtract } from '../helpers/syntheticExtract.ts';
import { tempDir, writeExtract } from '../helpers/writeExtract.ts';
import { load, query } from './loadHelpers.ts';

const root = join(import.meta.dirname, '..', '..');

function runPipeline(extract: string, db: string) {
  return spawn(process.execPath, ['--import', 'tsx', join(root, 'pipeline/cli.ts'), '--extract', extract, '--db', db, '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function runToEnd(extract: string, db: string) {
  const child = runPipeline(extract, db);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`pipeline exited ${code}: ${err}`);
}

async function killAfter(extract: string, db: string, ms: number): Promise<'killed' | 'finished'> {
  const child = runPipeline(extract, db);
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const code = await exited;
  clearTimeout(timer);
  return code === 0 ? 'finished' : 'killed';
}

describe('a load killed at any moment leaves a usable database', () => {
  it('survives repeated SIGKILL during a large load', async () => {
    const big = await syntheticExtract(8000, 25); // 200,000 events
    const db = join(tempDir('kill-'), 'served.duckdb');
    await load(writeExtract(smallExtract()), db);
    const small = { families: 2, events: 3 };
    // The synthetic ids F0.., V0.. include the small extract's F1, F2, V1-V3, so after the
    // big load upserts over the small one the counts are the big extract's.
    const big_ = { families: 8000, events: 200000 };

    // Spread the kills from process start-up to the swap at the end of the load.
    const startedAt = Date.now();
    await runToEnd(big, `${db}.timing.duckdb`);
    const full = Date.now() - startedAt;
    let finished = 0;
    const delays = Array.from({ length: 12 }, (_, i) => Math.round((full * (i + 0.5)) / 12));
    for (const ms of delays) {
      const outcome = await killAfter(big, db, ms);
      if (outcome === 'finished') finished++;
      expect(existsSync(`${db}.wal`)).toBe(false);
      const [counts] = await query<{ families: number; events: number }>(
        db,
        `SELECT (SELECT count(*) FROM families) AS families, (SELECT count(*) FROM events) AS events`,
      );
      // Either the earlier small load or the complete big one (after a finished swap), never a mix.
      expect([small, big_]).toContainEqual(counts);
    }
    expect(finished).toBeLessThan(delays.length);

    // The next load clears what killed loads left behind and completes.
    await runToEnd(big, db);
    const left = readdirSync(dirname(db)).filter((f) => f.startsWith('served.duckdb') && !f.includes('timing'));
    expect(left.sort()).toEqual(['served.duckdb', 'served.duckdb.rejects.csv']);
    expect(await query(db, 'SELECT count(*) AS n FROM events')).toEqual([{ n: 200000 }]);
  }, 300_000);
});
