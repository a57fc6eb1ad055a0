import type { Database } from '../../pipeline/db/database.ts';
import { loadSeed } from './loadSeed.ts';
import type { PlanNode } from './PlanNode.ts';
import { quoteIdent } from './sqlText.ts';

// CREATE OR REPLACE cannot turn a view into a table or back, so a model whose
// materialization changed drops the old object first.
async function dropIfOtherKind(db: Database, node: PlanNode): Promise<void> {
  const existing = await db.one<{ table_type: string }>(
    `SELECT table_type FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema = current_schema() AND table_name = $1`,
    [node.name],
  );
  if (!existing) return;
  const isView = existing.table_type === 'VIEW';
  if (isView && node.materialized === 'table') await db.run(`DROP VIEW ${quoteIdent(node.name)}`);
  if (!isView && node.materialized === 'view') await db.run(`DROP TABLE ${quoteIdent(node.name)}`);
}

/** Creates or replaces the node's table or view; returns the row count for tables and seeds. */
export async function materialize(db: Database, node: PlanNode): Promise<number | undefined> {
  if (node.kind === 'seed') return loadSeed(db, node.seed!);
  await dropIfOtherKind(db, node);
  const name = quoteIdent(node.name);
  if (node.materialized === 'view') {
    await db.run(`CREATE OR REPLACE VIEW ${name} AS\n${node.sql}`);
    return undefined;
  }
  await db.run(`CREATE OR REPLACE TABLE ${name} AS\n${node.sql}`);
  const row = await db.one<{ n: number }>(`SELECT count(*) AS n FROM ${name}`);
  return Number(row?.n ?? 0);
}
