// The one module that talks to DuckDB. Everything else (pipeline, models, the Kysely
// dialect, the server) goes through `Database`, so the driver can change in one place.
// First, so DuckDB's allocator is configured before its library loads.
import './allocatorConfig.ts';
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBPreparedStatement,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/** A value as read back: numbers, strings, booleans, Date (timestamps), bigint (only past 2^53), or null. */
export type Value = string | number | boolean | bigint | Date | null | Value[] | { [k: string]: Value };
export type Row = Record<string, Value>;
export type Params = readonly unknown[];

export interface OpenOptions {
  /** Open an existing file read-only (the server does this). */
  readOnly?: boolean;
  /** Allow reading and writing files on disk from SQL. Off for the server. */
  externalAccess?: boolean;
  /** DuckDB threads; default is DuckDB's own (all cores). */
  threads?: number;
  memoryLimit?: string;
}

// Counts come back from DuckDB as BIGINT. Handing callers `bigint` would force
// Number(...) at every use, so integers that fit exactly become numbers.
function toNumberIfSafe(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

// Dates are calendar days with no zone: keep them as 'YYYY-MM-DD' text so a date never
// shifts by a day when a JS Date meets a time zone.
const converter: DuckDBValueConverter<Value> = (value: DuckDBValue, type: DuckDBType, self) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DATE:
      return String(value);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT: {
      const v = JSDuckDBValueConverter(value, type, JSDuckDBValueConverter);
      return typeof v === 'bigint' ? toNumberIfSafe(v) : (v as Value);
    }
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return JSDuckDBValueConverter(value, type, self as never) as Value;
    default:
      return JSDuckDBValueConverter(value, type, JSDuckDBValueConverter) as Value;
  }
};

/** Turn JS parameters into values DuckDB binds: Date -> timestamp, bigint stays, undefined -> null. */
function bindable(params: Params): DuckDBValue[] {
  return params.map((p) => {
    if (p === undefined || p === null) return null;
    if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean' || typeof p === 'bigint') return p;
    if (p instanceof Date) return p.toISOString();
    throw new TypeError(`cannot bind a parameter of type ${typeof p}`);
  });
}

export class Database {
  /** Statements prepared by allPrepared, most recently used last (see there). */
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly path: string,
  ) {}

  static async open(path = ':memory:', options: OpenOptions = {}): Promise<Database> {
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(path, config);
    const conn = await instance.connect();
    const db = new Database(instance, conn, path);
    // Timestamps without a zone are Europe/London local time (data contract).
    await db.run("SET TimeZone = 'Europe/London'");
    if (options.externalAccess === false) await db.run('SET enable_external_access = false');
    return db;
  }

  /** A second connection to the same database (for concurrent readers). */
  async connect(): Promise<Database> {
    const conn = await this.instance.connect();
    const db = new Database(this.instance, conn, this.path);
    await db.run("SET TimeZone = 'Europe/London'");
    return db;
  }

  /** Run a statement (or several, separated by semicolons, when there are no params). */
  async run(sql: string, params: Params = []): Promise<void> {
    await this.conn.run(sql, params.length ? bindable(params) : undefined);
  }

  async all<T extends Row = Row>(sql: string, params: Params = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params.length ? bindable(params) : undefined);
    return reader.convertRowObjects(converter) as T[];
  }

  /**
   * Like `all`, but keeps the statement prepared on this connection and reuses it for the
   * same text with other values, so parsing and preparing happen once per statement text
   * instead of on every call (the server runs the same few statements with different
   * filter values). Keeps up to `maxPrepared` statements, least recently used dropped.
   * For read-only statements; not for DDL, whose prepared plans a later change would stale.
   */
  async allPrepared<T extends Row = Row>(sql: string, params: Params = [], maxPrepared = 256): Promise<T[]> {
    let ps = this.prepared.get(sql);
    if (ps) this.prepared.delete(sql);
    else {
      ps = await this.conn.prepare(sql);
      while (this.prepared.size >= maxPrepared) {
        const [oldest, statement] = this.prepared.entries().next().value!;
        this.prepared.delete(oldest);
        statement.destroySync();
      }
    }
    this.prepared.set(sql, ps);
    ps.clearBindings();
    if (params.length) ps.bind(bindable(params));
    const reader = await ps.runAndReadAll();
    return reader.convertRowObjects(converter) as T[];
  }

  async one<T extends Row = Row>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Rows affected by an INSERT/UPDATE/DELETE, and the rows it returned if any. */
  async execute(sql: string, params: Params = []): Promise<{ rows: Row[]; changed: number }> {
    const result = await this.conn.run(sql, params.length ? bindable(params) : undefined);
    const rows = (await result.convertRowObjects(converter)) as Row[];
    return { rows, changed: result.rowsChanged };
  }

  /** Column names and DuckDB type names of a query, without running it fully. */
  async describe(sql: string): Promise<{ name: string; type: string }[]> {
    const rows = await this.all<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /** Stream rows in chunks, for exports and large reads. */
  async *stream(sql: string, params: Params = []): AsyncGenerator<Row[]> {
    const result = await this.conn.stream(sql, params.length ? bindable(params) : undefined);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const names = result.columnNames();
      const types = result.columnTypes();
      const cols = names.map((_, i) => chunk.getColumnVector(i));
      const out: Row[] = new Array(chunk.rowCount);
      for (let r = 0; r < chunk.rowCount; r++) {
        const row: Row = {};
        for (let c = 0; c < names.length; c++) row[names[c]] = converter(cols[c].getItem(r), types[c], converter);
        out[r] = row;
      }
      yield out;
    }
  }

  /** Interrupt the statement running on this connection (for cancellation). */
  interrupt(): void {
    this.conn.interrupt();
  }

  /** Close this connection only; the database stays open for its other connections. */
  disconnect(): void {
    for (const ps of this.prepared.values()) ps.destroySync();
    this.prepared.clear();
    this.conn.closeSync();
  }

  close(): void {
    this.disconnect();
    this.instance.closeSync();
  }
}
