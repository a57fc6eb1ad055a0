import { PostgresAdapter } from 'kysely';

// DuckDB speaks PostgreSQL's dialect closely enough (RETURNING, transactional DDL) but has
// no advisory locks; the driver's connection mutex already serialises migrations.
export class DuckDBAdapter extends PostgresAdapter {
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}
