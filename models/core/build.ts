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
   * (default true). Turn off when the caller already holds a transaction, or builds into a
   * new file that a failure throws away (the pipeline).
   */
  transaction?: boolean;
  /**
   * Models built at the same time, each on its own connection, once everything it refs is
   * built (dbt's threads; default 1). Only outside a transaction: one transaction lives on
   * one connection.
   */
  concurrency?: number;
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
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  if (inTransaction && concurrency > 1) {
    throw new ModelError('building several models at once needs transaction: false (one transaction lives on one connection)');
  }
  const built: BuildResult['built'] = [];
  let startedCount = 0;

  const buildOne = async (conn: Database, name: string): Promise<void> => {
    const node = plan.nodes.get(name)!;
    const kind = node.kind === 'seed' ? 'seed' : node.materialized;
    const event = { node: name, kind, index: ++startedCount, total: selected.length } as const;
    options.onProgress?.({ phase: 'start', ...event });
    const t0 = Date.now();
    let rows: number | undefined;
    try {
      rows = await materialize(conn, node);
    } catch (e) {
      if (e instanceof ModelError) throw e;
      throw new ModelError(`building ${node.kind} "${name}" failed: ${(e as Error).message}`);
    }
    if (node.kind === 'model') await checkColumns(conn, node);
    const ms = Date.now() - t0;
    built.push({ name, kind, ms, rows });
    options.onProgress?.({ phase: 'done', ...event, ms, rows });
  };

  if (concurrency > 1) {
    await buildConcurrently(db, selected, (name) => plan.nodes.get(name)!.dependsOn, concurrency, buildOne);
    return { built, ms: Date.now() - started };
  }
  if (inTransaction) await db.run('BEGIN TRANSACTION');
  try {
    for (const name of selected) await buildOne(db, name);
    if (inTransaction) await db.run('COMMIT');
  } catch (e) {
    if (inTransaction) await db.run('ROLLBACK');
    throw e;
  }
  return { built, ms: Date.now() - started };
}

/**
 * Builds `names` (in dependency order) on up to `concurrency` connections: a node starts
 * when every selected node it depends on is built. Of the nodes ready, the one with the
 * longest chain of models still to build after it goes first (then the earlier name), so
 * a long chain such as the logic-model facts and pairs before mart_logic_model does not
 * end the build with one connection working alone. On a failure no further node starts;
 * the ones running finish, then the first failure is thrown.
 */
async function buildConcurrently(
  db: Database,
  names: readonly string[],
  dependsOn: (name: string) => readonly string[],
  concurrency: number,
  buildOne: (conn: Database, name: string) => Promise<void>,
): Promise<void> {
  const selected = new Set(names);
  const waitingOn = new Map(names.map((n) => [n, new Set(dependsOn(n).filter((d) => selected.has(d)))]));
  // Height: the most models built one after another below a node (0 for a node nothing selected refs).
  const height = new Map<string, number>();
  for (const n of [...names].reverse()) height.set(n, 0);
  for (const n of [...names].reverse()) {
    for (const d of waitingOn.get(n)!) height.set(d, Math.max(height.get(d)!, height.get(n)! + 1));
  }
  const position = new Map(names.map((n, i) => [n, i]));
  const byPriority = (a: string, b: string) => height.get(b)! - height.get(a)! || position.get(a)! - position.get(b)!;
  const ready = names.filter((n) => waitingOn.get(n)!.size === 0).sort(byPriority);
  const idle = [db];
  const extra: Database[] = [];
  let running = 0;
  let failure: unknown;
  try {
    for (let i = 1; i < Math.min(concurrency, names.length); i++) extra.push(await db.connect());
    idle.push(...extra);
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (!failure && ready.length && idle.length) {
          const name = ready.shift()!;
          const conn = idle.pop()!;
          running++;
          buildOne(conn, name).then(
            () => {
              for (const [other, deps] of waitingOn) {
                if (deps.delete(name) && deps.size === 0) ready.push(other);
              }
              ready.sort(byPriority);
            },
            (e: unknown) => {
              failure ??= e;
            },
          ).finally(() => {
            running--;
            idle.push(conn);
            pump();
          });
        }
        if (running === 0) resolve();
      };
      pump();
    });
  } finally {
    for (const conn of extra) conn.disconnect();
  }
  if (failure) throw failure;
  const unbuilt = names.filter((n) => waitingOn.get(n)!.size > 0);
  if (unbuilt.length) throw new ModelError(`models never became ready to build: ${unbuilt.join(', ')}`);
}
