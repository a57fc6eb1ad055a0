import type { Database, Row } from '../../pipeline/db/database.ts';
import { testName } from './DataTest.ts';
import { failingRowsSql } from './failingRowsSql.ts';
import { preparePlan, type RunOptions } from './preparePlan.ts';

export interface TestResult {
  /** The model or seed tested. */
  node: string;
  test: string;
  passed: boolean;
  /** How many rows fail (0 when passed). */
  failing: number;
  /** Up to 10 failing rows. */
  rows: Row[];
  /** The query of failing rows, to run by hand. */
  sql: string;
  /** Set when the test could not run at all (e.g. the model is not built). */
  error?: string;
}

export interface TestReport {
  results: TestResult[];
  passed: number;
  failed: number;
}

export interface TestOptions extends RunOptions {
  onResult?: (result: TestResult) => void;
}

const SAMPLE = 10;

/** Runs every data test of the selected models and seeds against their built relations. */
export async function testModels(db: Database, options: TestOptions = {}): Promise<TestReport> {
  const { plan, selected } = await preparePlan(options);
  const results: TestResult[] = [];
  for (const name of selected) {
    for (const t of plan.nodes.get(name)!.tests) {
      const sql = failingRowsSql(name, t);
      let result: TestResult;
      try {
        const count = await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`);
        const failing = Number(count?.n ?? 0);
        const rows = failing ? await db.all(`SELECT * FROM (${sql}) LIMIT ${SAMPLE}`) : [];
        result = { node: name, test: testName(t), passed: failing === 0, failing, rows, sql };
      } catch (e) {
        result = { node: name, test: testName(t), passed: false, failing: 0, rows: [], sql, error: (e as Error).message };
      }
      results.push(result);
      options.onResult?.(result);
    }
  }
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed };
}
