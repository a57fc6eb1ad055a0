// The generator's --dirty option injects bad rows of every reject class and lists each
// in dirty_rows.json. The pipeline must reject exactly those rows, at the same line and
// column, and load every other row (issue #2 items 2 and 3 together).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateExtract } from '../../sample-data/generateExtract.ts';
import { tempDir } from '../helpers/writeExtract.ts';
import { load, rejectsOf, rulesOf } from './loadHelpers.ts';

interface Injected {
  file: string;
  line: number;
  column: string;
  reason_class: string;
}

describe('a dirty sample extract', () => {
  // 3000 families give an events file of ~150,000 rows: more than one DuckDB row group,
  // so it is read in parallel, where row order is easiest to lose.
  it.each([
    ['csv', 3000, 0.01],
    ['jsonl', 250, 0.05],
  ] as const)('every injected bad row (%s) is rejected at its line and column, and nothing else', async (format, families, dirty) => {
    const out = tempDir('dirty-');
    const summary = await generateExtract({ out, families, seed: 7, dirty, format });
    const injected = JSON.parse(readFileSync(join(out, 'dirty_rows.json'), 'utf8')) as Injected[];
    const loaded = await load(out);
    const rejects = await rejectsOf(loaded.db);

    const key = (r: { file: string; line: number }) => `${r.file}:${r.line}`;
    const rejectedRows = new Map<string, Set<string>>();
    for (const r of rejects) rejectedRows.set(key(r), (rejectedRows.get(key(r)) ?? new Set()).add(r.column));
    const expected = new Set(injected.map(key));

    // Every injected row is rejected, on the column the generator broke.
    const missed = injected.filter((i) => !rejectedRows.get(key(i))?.has(i.column));
    expect(missed).toEqual([]);
    // No clean row is rejected.
    expect([...rejectedRows.keys()].filter((k) => !expected.has(k))).toEqual([]);
    // Every reject class of the contract was exercised.
    expect(new Set(injected.map((i) => i.reason_class)).size).toBeGreaterThanOrEqual(15);
    expect(summary.dirtyClassesMissing).toEqual([]);
    expect(loaded.rowsRejected).toBe(injected.length);
    // Every reason is a sentence a person can act on, naming the column.
    for (const r of rejects) expect(r.reason.length).toBeGreaterThan(15);
    // Every rule names no value of its row (values of 4 characters or more: a shorter one,
    // such as a score of 0, can be part of a range the rule states), and rejects of one
    // kind share their rule, so the data quality page can group and show them.
    const rules = await rulesOf(loaded.db);
    const leaks = rules
      .map((r, i) => [r.rule, rejects[i].value ?? ''] as const)
      .filter(([rule, value]) => rule.includes('"') || (value.length >= 4 && rule.includes(value)));
    expect(leaks).toEqual([]);
    expect(new Set(rules.map((r) => `${r.file} ${r.column} ${r.rule}`)).size).toBeLessThan(rejects.length / 3);
  });
});
