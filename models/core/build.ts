import type { Database } from '../../pipeline/db/database.ts';
import { checkColumns } from './checkColumns.ts';
import { materialize } from './materialize.ts';
import { ModelError } from './ModelError.ts';
import { preparePlan, type RunOptions } from './preparePlan.ts';

export interface BuildProgress {
  phase: 'start' | 'done';
  node: string;
  kind: 'seed' | 'view' | 'table';
  /** 1-based position in this build, of `total`. */
  index: number;
  total: number;
  /** On 'done': milliseconds taken, and rows for tables and seeds. */
  ms?: number;
  rows?: number;
}

export interface BuildOptions extends RunOptions {
  onProgress?: (event: BuildProgress) => void;
  /**
   * Build inside one transaction, so a failing model leaves every model as it was
   * (default true). Turn off when the caller already holds a transaction.
   */
  transaction?: boolean;
}

export interface BuildResult {
  built: { name: string; kind: BuildProgress['kind']; ms: number; rows?: number }[];
  ms: number;
}

/**
 * Loads the seeds and materializes the selected models in dependency order, checking
 * each model's columns against its declaration. Selecting a model without its parents
 * (`name` rather than `+name`) expects the parents to be built already.
 */
export async function buildModels(db: Database, options: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const { plan, selected } = await preparePlan(options);
  const inTransaction = options.transaction ?? true;
  const built: BuildResult['built'] = [];
  if (inTransaction) await db.run('BEGIN TRANSACTION');
  try {
    for (const [i, name] of selected.entries()) {
      const node = plan.nodes.get(name)!;
      const kind = node.kind === 'seed' ? 'seed' : node.materialized;
      const event = { node: name, kind, index: i + 1, total: selected.length } as const;
      options.onProgress?.({ phase: 'start', ...event });
      const t0 = Date.now();
      let rows: number | undefined;
      try {
        rows = await materialize(db, node);
      } catch (e) {
        if (e instanceof ModelError) throw e;
        throw new ModelError(`building ${node.kind} "${name}" failed: ${(e as Error).message}`);
      }
      if (node.kind === 'model') await checkColumns(db, node);
      const ms = Date.now() - t0;
      built.push({ name, kind, ms, rows });
      options.onProgress?.({ phase: 'done', ...event, ms, rows });
    }
    if (inTransaction) await db.run('COMMIT');
  } catch (e) {
    if (inTransaction) await db.run('ROLLBACK');
    throw e;
  }
  return { built, ms: Date.now() - started };
}
