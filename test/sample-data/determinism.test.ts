import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { fileNames } from '../../pipeline/contract/contract.ts';
import { Database } from '../../pipeline/db/database.ts';
import { removeTempExtracts, tempExtract } from './tempExtract.ts';

afterAll(removeTempExtracts);

const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));

/** Same file names and the same bytes in each (Buffer.equals: toEqual walks buffers byte by byte, slowly). */
function expectSameFiles(a: Record<string, Buffer>, b: Record<string, Buffer>) {
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const f of Object.keys(a)) expect(b[f].equals(a[f]), f).toBe(true);
}

describe('determinism', () => {
  it('writes byte-identical files for the same options, different ones for another seed', async () => {
    const a = await tempExtract({ families: 400, seed: 7 });
    const b = await tempExtract({ families: 400, seed: 7 });
    const c = await tempExtract({ families: 400, seed: 8 });
    const fa = contents(a.out);
    expect(Object.keys(fa)).toEqual([...fileNames.map((n) => `${n}.csv`), 'manifest.json'].sort());
    expectSameFiles(fa, contents(b.out));
    const fc = contents(c.out);
    for (const f of ['families.csv', 'people.csv', 'episodes.csv', 'events.csv', 'assessments.csv']) expect(fc[f].equals(fa[f])).toBe(false);
    expect(a.rows).toEqual(b.rows);
  });

  it('is deterministic with bad rows too, manifest included', async () => {
    const a = await tempExtract({ families: 300, seed: 3, dirty: 0.02 });
    const b = await tempExtract({ families: 300, seed: 3, dirty: 0.02 });
    const fa = contents(a.out);
    expect(fa['dirty_rows.json']).toBeDefined();
    expectSameFiles(fa, contents(b.out));
  });

  it('a family does not change when more families are generated after it (bar which worker holds it)', async () => {
    const small = await tempExtract({ families: 50, seed: 5 });
    const large = await tempExtract({ families: 2000, seed: 5 });
    expect(large.rows.workers).toBeGreaterThan(small.rows.workers);
    const rowsOf = (dir: string, file: string, family: (cells: string[]) => number, drop: number[] = []) =>
      readFileSync(join(dir, file), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .filter((cells) => family(cells) <= 50)
        .map((cells) => cells.filter((_, i) => !drop.includes(i)).join(','));
    const familyNo = (col: number) => (cells: string[]) => Number(cells[col].slice(1));
    for (const [file, col, drop] of [['families.csv', 0, []], ['people.csv', 1, []], ['episodes.csv', 1, [11]], ['family_needs.csv', 1, []]] as const) {
      const a = rowsOf(small.out, file, familyNo(col), [...drop]);
      expect(a.length).toBeGreaterThan(10);
      expect(rowsOf(large.out, file, familyNo(col), [...drop])).toEqual(a);
    }
  });
});

describe('formats', () => {
  it('writes csv.gz, Parquet and JSON Lines with the same rows in the same order as CSV', async () => {
    const csv = await tempExtract({ families: 200, seed: 11 });
    const gz = await tempExtract({ families: 200, seed: 11, format: 'csv.gz' });
    for (const name of fileNames) {
      expect(gunzipSync(readFileSync(join(gz.out, `${name}.csv.gz`))).equals(readFileSync(join(csv.out, `${name}.csv`)))).toBe(true);
    }
    const db = await Database.open();
    try {
      for (const format of ['parquet', 'jsonl'] as const) {
        const x = await tempExtract({ families: 200, seed: 11, format });
        expect(readdirSync(x.out).sort()).toEqual([...fileNames.map((n) => `${n}.${format}`), 'manifest.json'].sort());
        expect(x.rows).toEqual(csv.rows);
        for (const name of ['events', 'need_reviews'] as const) {
          const path = join(x.out, `${name}.${format}`);
          const reader = format === 'parquet' ? `read_parquet('${path}')` : `read_json('${path}', format = 'newline_delimited', records = true, columns = {${name === 'events' ? "event_id: 'VARCHAR', occurred_at: 'VARCHAR'" : "need_id: 'VARCHAR', reviewed_on: 'VARCHAR'"}})`;
          const key = name === 'events' ? 'event_id' : 'need_id';
          const got = await db.all<{ k: string }>(`SELECT ${key} AS k FROM ${reader}`);
          const want = readFileSync(join(csv.out, `${name}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
          expect(got.map((r) => r.k)).toEqual(want);
        }
      }
    } finally {
      db.close();
    }
  });

  it('replaces an earlier extract of another format in the same folder', async () => {
    const first = await tempExtract({ families: 30, seed: 1, format: 'jsonl' });
    const { generateExtract } = await import('../../sample-data/generateExtract.ts');
    await generateExtract({ out: first.out, families: 30, seed: 1 });
    expect(readdirSync(first.out).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  });

  it('refuses bad options with a clear message', async () => {
    await expect(tempExtract({ families: 0 })).rejects.toThrow(/families/);
    await expect(tempExtract({ families: 10, dirty: 1.5 })).rejects.toThrow(/dirty/);
    await expect(tempExtract({ families: 10, extractedOn: '30/06/2025' })).rejects.toThrow(/extractedOn/);
  });
});
