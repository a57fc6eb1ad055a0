import {
  PostgresQueryCompiler,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import type { Database } from '../../pipeline/db/database.ts';
import { DuckDBAdapter } from './DuckDBAdapter.ts';
import { DuckDBDriver } from './DuckDBDriver.ts';
import { DuckDBIntrospector } from './DuckDBIntrospector.ts';

/**
 * Kysely over the project's Database adapter. DuckDB accepts PostgreSQL's SQL and its
 * `$1` placeholders, so the PostgreSQL compiler is reused as is.
 */
export class DuckDBDialect implements Dialect {
  constructor(private readonly db: Database) {}

  createDriver(): Driver {
    return new DuckDBDriver(this.db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDBAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}
