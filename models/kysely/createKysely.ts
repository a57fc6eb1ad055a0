import { Kysely } from 'kysely';
import type { Database } from '../../pipeline/db/database.ts';
import { DuckDBDialect } from './DuckDBDialect.ts';

/** A Kysely instance over an open Database. Destroying it does not close the Database. */
export function createKysely<DB>(db: Database): Kysely<DB> {
  return new Kysely<DB>({ dialect: new DuckDBDialect(db) });
}
