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

/** Arrow IPC file bytes (the .arrow export, random-access for tools like pyarrow and DuckDB). */
export function toArrowFile(result: QueryResult): Uint8Array {
  return tableToIPC(arrowTable(result), 'file');
}

const baseType = (duckType: string) => duckType.replace(/\(.*$/, '').trim().toUpperCase();

function toVector(col: Column, values: Value[]): Vector {
  const t = baseType(col.type);
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
