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
    await buildModels(db, {
      config,
      // No transaction: a failure throws the whole new file away. Two models at once keep
      // both cores busy while one of them is in a single-threaded step (writing a table,
      // a small query): 15 to 20% off the build on the 2M-event bench; more than two
      // only adds contention on 2 cores.
      transaction: false,
      concurrency: 2,
      onProgress: (e) => {
        if (e.phase !== 'start') return;
        if (!started) {
          progress.start(e.total, 'models');
          started = true;
        }
        progress.step(`${e.kind} ${e.node}`);
      },
    });
    progress.stop();
    if (options.test === false) return;
    const report = await testModels(db, { config });
    progress.log(`data tests: ${report.passed} passed, ${report.failed} failed`);
    if (report.failed) {
      throw new DataTestFailure(report.results.filter((r) => !r.passed).map(formatTestResult).join('\n'));
    }
  };
}
