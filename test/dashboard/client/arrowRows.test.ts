import { Bool, DateDay, Dictionary, Float64, Int32, Int64, Table, TimestampMillisecond, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowRows } from '../../../dashboard/src/api/arrowRows.ts';

describe('Arrow rows as plain objects', () => {
  it('turns every type the server sends into numbers, strings, booleans and ISO dates', () => {
    // The same types as dashboard/server/toArrow.ts writes.
    const table = new Table({
      n: vectorFromArray([1, null], new Int32()),
      big: vectorFromArray([2n ** 40n, 3n], new Int64()),
      x: vectorFromArray([0.5, 2], new Float64()),
      ok: vectorFromArray([true, false], new Bool()),
      day: vectorFromArray([Date.parse('2024-04-01T00:00:00Z'), null], new DateDay()),
      at: vectorFromArray([Date.parse('2024-04-01T10:30:00Z'), null], new TimestampMillisecond()),
      code: vectorFromArray(['FIT', 'FIT'], new Dictionary(new Utf8(), new Int32())),
      id: vectorFromArray(['p_abc', null], new Utf8()),
    });
    const { rows, columns } = arrowRows(tableFromIPC(tableToIPC(table, 'stream')));
    expect(columns.map((c) => c.kind)).toEqual(['number', 'number', 'number', 'boolean', 'date', 'timestamp', 'string', 'string']);
    expect(rows).toEqual([
      { n: 1, big: 2 ** 40, x: 0.5, ok: true, day: '2024-04-01', at: '2024-04-01 10:30:00', code: 'FIT', id: 'p_abc' },
      { n: null, big: 3, x: 2, ok: false, day: null, at: null, code: 'FIT', id: null },
    ]);
  });

  it('turns a suppressed numeric column (sent as text with "c") back into numbers, keeping "c"', () => {
    const text = () => new Dictionary(new Utf8(), new Int32());
    const table = new Table({
      families: vectorFromArray(['12', 'c', null], text()),
      edition: vectorFromArray(['1', '2', '2'], text()),
      label: vectorFromArray(['c', 'x', 'y'], text()),
    });
    const { rows, columns } = arrowRows(tableFromIPC(tableToIPC(table, 'stream')));
    expect(columns.map((c) => c.kind)).toEqual(['number', 'string', 'string']);
    expect(rows.map((r) => r.families)).toEqual([12, 'c', null]);
    expect(rows.map((r) => r.edition)).toEqual(['1', '2', '2']);
    expect(rows.map((r) => r.label)).toEqual(['c', 'x', 'y']);
  });
});
