import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import type { Database } from '../../pipeline/db/database.ts';
import { ConnectionMutex } from './ConnectionMutex.ts';
import { DuckDBConnection } from './DuckDBConnection.ts';

export class DuckDBDriver implements Driver {
  private readonly mutex = new ConnectionMutex();
  private readonly connection: DuckDBConnection;

  constructor(db: Database) {
    this.connection = new DuckDBConnection(db);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // DuckDB has one isolation level (snapshot) and no per-transaction access mode;
    // accepting a setting we cannot honour would hide a bug in the caller.
    if (settings.isolationLevel || settings.accessMode) {
      throw new Error('DuckDB transactions do not take an isolation level or access mode');
    }
    await connection.executeQuery(CompiledQuery.raw('BEGIN TRANSACTION'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  // The Database belongs to whoever opened it (the pipeline, the server, a test), so
  // destroying the Kysely instance leaves it open.
  async destroy(): Promise<void> {}
}
