import { Database } from '../../../pipeline/db/database.ts';

/** A fresh in-memory database for one test, closed afterwards. */
export async function withDatabase(fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await Database.open();
  try {
    await fn(db);
  } finally {
    db.close();
  }
}
