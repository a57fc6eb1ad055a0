import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildModels } from '../../models/core/build.ts';
import type { DataTest } from '../../models/core/DataTest.ts';
import { defineModel } from '../../models/core/defineModel.ts';
import { formatTestResult } from '../../models/core/formatTestResult.ts';
import { testModels } from '../../models/core/test.ts';
import { projectOf } from './helpers/projectOf.ts';
import { withDatabase } from './helpers/withDatabase.ts';

// Parent keys 1-3; the child table is written per case.
const parent = defineModel({
  name: 'int_parent',
  layer: 'intermediate',
  grain: 'one row per key',
  materialized: 'table',
  description: 'keys',
  columns: { key: 'key' },
  query: () => sql`select * from (values (1), (2), (3)) t(key)`,
});

function child(rows: string, test: DataTest) {
  return defineModel({
    name: 'int_child',
    layer: 'intermediate',
    grain: 'one row per thing',
    materialized: 'table',
    description: 'things',
    columns: { id: 'id', key: 'parent key', status: 'status', n: 'a number' },
    query: () => sql.raw(`select * from (values ${rows}) t(id, key, status, n)`),
    tests: [test],
  });
}

async function run(rows: string, test: DataTest) {
  let report!: Awaited<ReturnType<typeof testModels>>;
  await withDatabase(async (db) => {
    const project = projectOf([parent, child(rows, test)]);
    await buildModels(db, { project });
    report = await testModels(db, { project, select: 'int_child' });
  });
  return report;
}

const good = `(1, 1, 'open', 5), (2, 2, 'closed', 0), (3, null, 'open', 1)`;

describe('data tests', () => {
  it.each<[string, DataTest, string, unknown[]]>([
    ['unique', { unique: 'id' }, `(1, 1, 'open', 5), (1, 2, 'open', 5), (2, 1, 'open', 5)`, [{ id: 1, n_rows: 2 }]],
    ['unique (composite)', { unique: ['id', 'key'] }, `(1, 1, 'a', 0), (1, 1, 'b', 0), (1, 2, 'c', 0)`, [{ id: 1, key: 1, n_rows: 2 }]],
    ['not_null', { not_null: 'status' }, `(1, 1, 'open', 5), (2, 1, null, 5)`, [{ id: 2, key: 1, status: null, n: 5 }]],
    ['relationships', { relationships: { column: 'key', to: 'int_parent', field: 'key' } }, `(1, 1, 'open', 5), (2, 7, 'open', 5)`, [{ id: 2, key: 7, status: 'open', n: 5 }]],
    ['accepted_values', { accepted_values: { column: 'status', values: ['open', 'closed'] } }, `(1, 1, 'open', 5), (2, 1, 'opne', 5)`, [{ id: 2, key: 1, status: 'opne', n: 5 }]],
    ['expression', { expression: 'n >= 0' }, `(1, 1, 'open', 5), (2, 1, 'open', -1), (3, 1, 'open', null)`, [{ id: 2, key: 1, status: 'open', n: -1 }, { id: 3, key: 1, status: 'open', n: null }]],
  ])('%s passes on good data and returns the failing rows on bad', async (_, test, bad, failing) => {
    const pass = await run(good, test);
    expect(pass.failed).toBe(0);
    expect(pass.results).toHaveLength(1);
    const fail = await run(bad, test);
    expect(fail.failed).toBe(1);
    expect(fail.results[0].failing).toBe(failing.length);
    expect(fail.results[0].rows).toEqual(failing);
  });

  it('reports the model, the test and at most 10 failing rows', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `(${i}, 1, 'bad${i}', 0)`).join(', ');
    const report = await run(rows, { accepted_values: { column: 'status', values: ['open'] } });
    const r = report.results[0];
    expect(r.failing).toBe(12);
    expect(r.rows).toHaveLength(10);
    const text = formatTestResult(r);
    expect(text.split('\n')[0]).toBe('FAIL int_child: accepted_values(status) (12 failing rows)');
    expect(text).toContain('  id=0, key=1, status=bad0, n=0');
    expect(text).toContain('... and 2 more');
  });

  it('expands not_null on a list into one test per column', async () => {
    const report = await run(`(1, null, null, 0)`, { not_null: ['id', 'key', 'status'] });
    expect(report.results.map((r) => [r.test, r.passed])).toEqual([
      ['not_null(id)', true],
      ['not_null(key)', false],
      ['not_null(status)', false],
    ]);
  });

  it('fails, with the reason, when the model is not built', async () => {
    await withDatabase(async (db) => {
      const report = await testModels(db, { project: projectOf([parent, child(good, { unique: 'id' })]), select: 'int_child' });
      expect(report.results[0].passed).toBe(false);
      expect(report.results[0].error).toMatch(/int_child/);
      expect(formatTestResult(report.results[0])).toMatch(/^FAIL int_child: unique\(id\)\n  could not run: /);
    });
  });
});
