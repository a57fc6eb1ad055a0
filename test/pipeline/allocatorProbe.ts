// Run by allocatorConfig.test.ts in a fresh process: imports the adapter as every caller
// does, opens a database, runs a query, and prints what the allocator was given and when.
// The adapter first: allocatorConfig.ts runs when the adapter imports it, not before.
import { Database } from '../../pipeline/db/database.ts';
import { configuredBeforeLoad } from '../../pipeline/db/allocatorConfig.ts';

const db = await Database.open(':memory:');
const [row] = await db.all<{ n: number }>('select count(*) as n from range(1000)');
db.close();
process.stdout.write(JSON.stringify({ configuredBeforeLoad, conf: process.env.DUCKDB_JE_MALLOC_CONF ?? null, n: row.n }));
