import { DummyDriver, Kysely, PostgresQueryCompiler, type Dialect } from 'kysely';
import { DuckDBAdapter } from './DuckDBAdapter.ts';
import { DuckDBIntrospector } from './DuckDBIntrospector.ts';

// Model query functions only build queries; handing them a Kysely that cannot run
// anything keeps them pure, so planning and docs need no database.
const compileOnly: Dialect = {
  createDriver: () => new DummyDriver(),
  createQueryCompiler: () => new PostgresQueryCompiler(),
  createAdapter: () => new DuckDBAdapter(),
  createIntrospector: (db) => new DuckDBIntrospector(db),
};

export function createCompileOnlyKysely<DB = any>(): Kysely<DB> {
  return new Kysely<DB>({ dialect: compileOnly });
}
