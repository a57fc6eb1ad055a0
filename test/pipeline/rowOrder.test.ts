// A clean CSV row's line is its position in DuckDB's read + 2 (header = line 1). The
// checked table keeps that position when DuckDB plans the checks with only order-keeping
// steps, and otherwise first copies the read as it comes (createChecked in loadFile.ts).
// Both ways must give every row its own line on a file DuckDB reads in parallel.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSpec } from '../../pipeline/contract/contract.ts';
import { Database } from '../../pipeline/db/database.ts';
import { createChecked, keepsRowOrder } from '../../pipeline/load/loadFile.ts';
import { readCsv } from '../../pipeline/read/readCsv.ts';
import type { Check } from '../../pipeline/validate/columnChecks.ts';
import { tempDir } from '../helpers/writeExtract.ts';

// 300,000 rows: several DuckDB row groups, so the read runs on every thread.
const ROWS = 300_000;

describe('line numbers of a clean CSV read in parallel', () => {
  let db: Database;
  let dir: string;
  beforeEach(async () => {
    db = await Database.open();
    dir = tempDir('order-');
    const lines = ['worker_id,service,team,locality,fte,caseload_limit'];
    // Each row names its own line: worker W<line>.
    for (let line = 2; line < ROWS + 2; line++) lines.push(`W${line},FIT,Team ${line % 7},Hadley,1,${line % 20}`);
    writeFileSync(join(dir, 'workers.csv'), lines.join('\n') + '\n');
  });
  afterEach(() => db.close());

  const source = () =>
    readCsv(db, { name: 'workers', fileName: 'workers.csv', path: join(dir, 'workers.csv'), format: 'csv' }, fileSpec('workers'), 'raw_workers', dir, []);
  const misplaced = async () =>
    (await db.one<{ n: number }>(`SELECT count(*) AS n FROM chk_workers WHERE worker_id <> 'W' || _line`))!.n;

  // Nine values: DuckDB turns an IN list this long into a join, which need not keep order.
  const longInList: Check = {
    column: 'team',
    value: '"raw__team"',
    fails: `"team" IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i')`,
    reason: `'never'`,
    rule: `'never'`,
  };

  it('are right when the checks only compute (the one-pass way)', async () => {
    const src = await source();
    expect(await keepsRowOrder(db, `SELECT "worker_id" FROM ${src.relation}`)).toBe(true);
    await createChecked(db, src, [], { mappings: new Map() });
    expect(await misplaced()).toBe(0);
    expect((await db.one<{ n: number }>(`SELECT count(*) AS n FROM chk_workers`))!.n).toBe(ROWS);
  });

  it('are right when a check plans a join (the read is copied first)', async () => {
    const src = await source();
    expect(await keepsRowOrder(db, `SELECT "team" IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i') FROM ${src.relation}`)).toBe(false);
    const drops = await createChecked(db, src, [longInList], { mappings: new Map() });
    expect(await misplaced()).toBe(0);
    for (const d of drops) await db.run(d);
    expect(await db.all(`SELECT table_name FROM duckdb_tables() WHERE temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal`)).toEqual([]);
  });
});
