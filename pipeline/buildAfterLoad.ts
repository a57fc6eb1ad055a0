import { availableParallelism } from 'node:os';
import { buildModels, formatTestResult, loadConfig, testModels } from '../models/index.ts';
import type { Database } from './db/database.ts';
import type { Progress } from './progress.ts';

export interface ModelStepOptions {
  /** The council's configuration file (models/config.ts defaults otherwise). */
  configPath?: string;
  /** Run the data tests after building (default true). */
  test?: boolean;
}

/** A data test failed: the load stops and the database stays as it was. */
export class DataTestFailure extends Error {
  constructor(readonly report: string) {
    super(`data tests failed, so the new load was not swapped in:\n${report}`);
    this.name = 'DataTestFailure';
  }
}

/**
 * The model step of a load: build every model in dependency order inside the new
 * database, then run every data test. It runs before the swap, so users never see a
 * database whose marts were not built or whose tests fail.
 */
export function buildAfterLoad(options: ModelStepOptions = {}) {
  const config = loadConfig(options.configPath);
  return async (db: Database, progress: Progress): Promise<void> => {
    let started = false;
    // No transaction: a failure throws the whole new file away. Models are built as many at
    // once as there are cores, each on one DuckDB thread: many models are small or spend part
    // of their time in single-threaded steps (writing a table), so one model at a time over
    // every thread leaves cores idle, and two models over two threads each fight for the
    // cores. On the 2M-event bench (2 cores): one at a time 21 s, two at once 17.5 s, two at
    // once on one thread each 15.8 s (same-run alternation, 3 runs each).
    const concurrency = Math.max(2, availableParallelism());
    const threads = (await db.one<{ threads: number }>(`SELECT current_setting('threads')::INTEGER AS threads`))!.threads;
    await db.run('SET threads = 1');
    try {
      await buildModels(db, {
        config,
        transaction: false,
        concurrency,
        onProgress: (e) => {
          if (e.phase !== 'start') return;
          if (!started) {
            progress.start(e.total, 'models');
            started = true;
          }
          progress.step(`${e.kind} ${e.node}`);
        },
      });
    } finally {
      await db.run(`SET threads = ${threads}`);
    }
    progress.stop();
    if (options.test === false) return;
    const report = await testModels(db, { config });
    progress.log(`data tests: ${report.passed} passed, ${report.failed} failed`);
    if (report.failed) {
      throw new DataTestFailure(report.results.filter((r) => !r.passed).map(formatTestResult).join('\n'));
    }
  };
}
