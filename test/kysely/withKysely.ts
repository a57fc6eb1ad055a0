import type { Kysely } from 'kysely';
import { Database } from '../../pipeline/db/database.ts';
import { createKysely } from '../../models/kysely/createKysely.ts';

/** A fresh in-memory database and a Kysely over it, closed afterwards. */
export async function withKysely<DB = any>(fn: (k: Kysely<DB>, db: Database) => Promise<void>): Promise<void> {
  const db = await Database.open();
  const k = createKysely<DB>(db);
  try {
    await fn(k, db);
  } finally {
    await k.destroy();
    db.close();
  }
}
