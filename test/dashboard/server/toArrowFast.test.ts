import { Bool, DateDay, Dictionary, Float64, Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../../pipeline/db/database.ts';
import { toArrowStream } from '../../../dashboard/server/toArrow.ts';
import type { Column } from '../../../dashboard/server/runQuery.ts';

// toArrow builds the common column types straight from typed arrays (it runs on every
// request). The answer must decode exactly as apache-arrow's own builders would make it.
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const columns: (Column & { arrow: () => DataType; gen: (r: () => number) => Value; toArrow?: (v: NonNullable<Value>) => unknown })[] = [
  { name: 'team', type: 'VARCHAR', arrow: () => new Dictionary(new Utf8(), new Int32()), gen: (r) => ['Hadley', 'Madeley', 'Oakengates — south', 'É', ''][Math.floor(r() * 5)] },
  { name: 'worker_id', type: 'VARCHAR', arrow: () => new Utf8(), gen: (r) => `p_${Math.floor(r() * 1e6).toString(36)}` },
  { name: 'n', type: 'INTEGER', arrow: () => new Int32(), gen: (r) => Math.floor(r() * 2000) - 1000 },
  { name: 'count', type: 'BIGINT', arrow: () => new Float64(), gen: (r) => Math.floor(r() * 1e12) },
  { name: 'rate', type: 'DOUBLE', arrow: () => new Float64(), gen: (r) => r() * 100 },
  { name: 'amount', type: 'DECIMAL(18,3)', arrow: () => new Float64(), gen: (r) => Math.round(r() * 1e6) / 1000 },
  {
    name: 'day',
    type: 'DATE',
    arrow: () => new DateDay(),
    gen: (r) => new Date(Date.UTC(1960 + Math.floor(r() * 80), Math.floor(r() * 12), 1 + Math.floor(r() * 28))).toISOString().slice(0, 10),
    toArrow: (v) => Date.parse(`${String(v)}T00:00:00Z`),
  },
  { name: 'ok', type: 'BOOLEAN', arrow: () => new Bool(), gen: (r) => r() < 0.5 },
];

function reference(cols: typeof columns, rows: Row[]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const c of cols) {
    vectors[c.name] = vectorFromArray(
      rows.map((row) => (row[c.name] === null ? null : (c.toArrow ?? ((v) => v))(row[c.name]!))),
      c.arrow(),
    ) as Vector;
  }
  return tableToIPC(new Table(vectors), 'stream');
}

const decoded = (bytes: Uint8Array) => {
  const t = tableFromIPC(bytes);
  return { schema: t.schema.fields.map((f) => `${f.name}:${f.type}`), rows: t.toArray().map((r) => r.toJSON()) };
};

describe('toArrowStream (typed-array path)', () => {
  it('decodes exactly as the builders would, for every common type, with and without nulls', () => {
    for (const [seed, length, nullShare] of [
      [1, 0, 0],
      [2, 1, 0],
      [3, 1, 1],
      [4, 9, 0.3],
      [5, 64, 0],
      [6, 257, 0.2],
      [7, 1000, 0.9],
    ] as const) {
      const r = lcg(seed);
      const rows: Row[] = Array.from({ length }, () => Object.fromEntries(columns.map((c) => [c.name, r() < nullShare ? null : c.gen(r)])));
      const fast = decoded(toArrowStream({ columns, rows }));
      expect(fast).toEqual(decoded(reference(columns, rows)));
      expect(fast.rows).toHaveLength(length);
    }
  });
});
