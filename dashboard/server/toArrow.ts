import {
  Bool,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { Value } from '../../pipeline/db/database.ts';
import { Pseudonymiser } from './Pseudonymiser.ts';
import type { Column, QueryResult } from './runQuery.ts';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/**
 * How DuckDB types travel as Arrow (the client and the Arrow and Parquet exports rely
 * on this, so it is one table):
 *
 * | DuckDB                               | Arrow                         | apache-arrow JS gives      |
 * | ------------------------------------ | ----------------------------- | -------------------------- |
 * | DATE                                 | Date32<DAY>                   | number: ms since 1970-01-01 UTC (midnight) |
 * | TIMESTAMP (London local, no zone)    | Timestamp<MILLISECOND>        | number: ms, wall-clock read as UTC |
 * | BOOLEAN                              | Bool                          | boolean                    |
 * | TINYINT, SMALLINT, INTEGER           | Int32                         | number                     |
 * | BIGINT, HUGEINT, UINTEGER, UBIGINT   | Float64 (exact to 2^53); Int64 if a value is beyond; Utf8 past 64 bits | number (bigint for Int64) |
 * | DOUBLE, FLOAT, DECIMAL               | Float64                       | number                     |
 * | VARCHAR: identifiers (*_id)          | Utf8 (pseudonyms, all distinct) | string                   |
 * | VARCHAR: anything else               | Dictionary<Int32, Utf8>       | string                     |
 * | anything else (lists, structs, time) | Utf8 holding JSON             | string                     |
 *
 * Dates are days, not instants: format them in UTC (`new Date(v).toISOString().slice(0, 10)`).
 */
export function arrowTable(result: QueryResult): Table {
  const vectors: Record<string, Vector> = {};
  for (const col of result.columns) {
    const values = result.rows.map((r) => r[col.name] ?? null);
    vectors[col.name] = toVector(col, values);
  }
  return new Table(vectors);
}

/** Arrow IPC stream bytes of a result (what the API sends). */
export function toArrowStream(result: QueryResult): Uint8Array {
  return tableToIPC(arrowTable(result), 'stream');
}

/** The stream bytes as a Buffer over the same memory (no copy), for a reply body. */
export function arrowStreamBody(result: QueryResult): Buffer {
  const bytes = toArrowStream(result);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Arrow IPC file bytes (the .arrow export, random-access for tools like pyarrow and DuckDB). */
export function toArrowFile(result: QueryResult): Uint8Array {
  return tableToIPC(arrowTable(result), 'file');
}

const baseType = (duckType: string) => duckType.replace(/\(.*$/, '').trim().toUpperCase();

/** Validity bitmap (bit set = value present) and null count, as Arrow lays them out. */
function validity(values: Value[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  }
  return { nullBitmap, nullCount };
}

const utf8 = new TextEncoder();

/** Utf8 data of strings (nulls as empty slots): offsets and bytes. */
function utf8Buffers(strings: (string | null)[]): { valueOffsets: Int32Array; data: Uint8Array } {
  const valueOffsets = new Int32Array(strings.length + 1);
  const parts: Uint8Array[] = new Array(strings.length);
  let size = 0;
  for (let i = 0; i < strings.length; i++) {
    const bytes = strings[i] === null ? new Uint8Array(0) : utf8.encode(strings[i]!);
    parts[i] = bytes;
    size += bytes.length;
    valueOffsets[i + 1] = size;
  }
  const data = new Uint8Array(size);
  for (let i = 0; i < parts.length; i++) data.set(parts[i], valueOffsets[i]);
  return { valueOffsets, data };
}

/**
 * The common column types built straight from typed arrays: the same Arrow types and
 * values as vectorFromArray gives, without a builder per column (the API encodes a
 * result on every request, so this is on the hot path). Anything else: undefined.
 */
function fastVector(t: string, col: Column, values: Value[]): Vector | undefined {
  const length = values.length;
  const numbers = (array: Float64Array | Int32Array, map: (v: NonNullable<Value>) => number) => {
    for (let i = 0; i < length; i++) if (values[i] !== null) array[i] = map(values[i]!);
    return array;
  };
  switch (t) {
    case 'VARCHAR': {
      if (!values.every((v) => v === null || typeof v === 'string')) return undefined;
      const { nullBitmap, nullCount } = validity(values);
      if (Pseudonymiser.isIdentifier(col.name)) {
        return makeVector(makeData({ type: new Utf8(), length, nullCount, nullBitmap, ...utf8Buffers(values as (string | null)[]) }));
      }
      // Dictionary in order of first appearance, as the dictionary builder numbers them.
      const codes = new Map<string, number>();
      const indices = new Int32Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i] as string | null;
        if (v === null) continue;
        let code = codes.get(v);
        if (code === undefined) codes.set(v, (code = codes.size));
        indices[i] = code;
      }
      const words = [...codes.keys()];
      const dictionary = makeVector(makeData({ type: new Utf8(), length: words.length, nullCount: 0, ...utf8Buffers(words) }));
      return makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length, nullCount, nullBitmap, data: indices, dictionary }));
    }
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'UTINYINT':
    case 'USMALLINT':
      if (!values.every((v) => v === null || typeof v === 'number')) return undefined;
      return makeVector(makeData({ type: new Int32(), length, ...validity(values), data: numbers(new Int32Array(length), Number) }));
    case 'BIGINT':
    case 'HUGEINT':
    case 'UINTEGER':
    case 'UBIGINT':
    case 'UHUGEINT':
    case 'DOUBLE':
    case 'FLOAT':
    case 'REAL':
    case 'DECIMAL':
    case 'NUMERIC':
      // Integers past 2^53 come as bigint and take the general path (Int64 or text).
      if (!values.every((v) => v === null || typeof v === 'number')) return undefined;
      return makeVector(makeData({ type: new Float64(), length, ...validity(values), data: numbers(new Float64Array(length), Number) }));
    case 'DATE':
      if (!values.every((v) => v === null || typeof v === 'string')) return undefined;
      return makeVector(
        makeData({ type: new DateDay(), length, ...validity(values), data: numbers(new Int32Array(length), (v) => Math.floor(Date.parse(`${String(v)}T00:00:00Z`) / 86400000)) }),
      );
    case 'BOOLEAN': {
      if (!values.every((v) => v === null || typeof v === 'boolean')) return undefined;
      const data = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (values[i] === true) data[i >> 3] |= 1 << (i & 7);
      return makeVector(makeData({ type: new Bool(), length, ...validity(values), data }));
    }
    default:
      return undefined;
  }
}

function toVector(col: Column, values: Value[]): Vector {
  const t = baseType(col.type);
  const fast = fastVector(t, col, values);
  if (fast) return fast;
  const as = <T extends DataType>(type: T, map: (v: NonNullable<Value>) => unknown) =>
    vectorFromArray(
      values.map((v) => (v === null ? null : map(v))),
      type,
    ) as Vector;
  switch (t) {
    case 'VARCHAR':
      return Pseudonymiser.isIdentifier(col.name)
        ? as(new Utf8(), String)
        : as(new Dictionary(new Utf8(), new Int32()), String);
    case 'BOOLEAN':
      return as(new Bool(), Boolean);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'UTINYINT':
    case 'USMALLINT':
      return as(new Int32(), Number);
    case 'BIGINT':
    case 'HUGEINT':
    case 'UINTEGER':
    case 'UBIGINT':
    case 'UHUGEINT':
      if (!values.some((v) => typeof v === 'bigint')) return as(new Float64(), Number);
      // Past 64 bits (HUGEINT) Int64 would wrap: such a column travels as decimal text.
      if (values.some((v) => typeof v === 'bigint' && (v > 2n ** 63n - 1n || v < -(2n ** 63n)))) return as(new Utf8(), String);
      return as(new Int64(), (v) => BigInt(v as number | bigint));
    case 'DOUBLE':
    case 'FLOAT':
    case 'REAL':
    case 'DECIMAL':
    case 'NUMERIC':
      return as(new Float64(), Number);
    case 'DATE':
      return as(new DateDay(), (v) => Date.parse(`${String(v)}T00:00:00Z`));
    case 'TIMESTAMP':
    case 'TIMESTAMP_MS':
    case 'TIMESTAMP_S':
    case 'TIMESTAMP_NS':
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMPTZ':
      return as(new TimestampMillisecond(), (v) => (v instanceof Date ? v.getTime() : Date.parse(String(v))));
    default:
      return as(new Utf8(), (v) => (typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))));
  }
}
