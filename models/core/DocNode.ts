import type { Database } from '../../pipeline/db/database.ts';
import { testName } from './DataTest.ts';
import type { Plan } from './PlanNode.ts';
import { quoteIdent } from './sqlText.ts';

/** A source, seed or model as the data dictionary and the lineage graph show it. */
export interface DocNode {
  name: string;
  kind: 'source' | 'seed' | 'model';
  layer: 'sources' | 'seeds' | 'staging' | 'intermediate' | 'marts';
  description: string;
  grain?: string;
  materialized?: 'view' | 'table';
  columns: { name: string; type?: string; description: string }[];
  tests: string[];
  dependsOn: string[];
  usedBy: string[];
  sql?: string;
}

async function builtTypes(db: Database | undefined, name: string): Promise<Map<string, string>> {
  if (!db) return new Map();
  try {
    return new Map((await db.describe(`SELECT * FROM ${quoteIdent(name)}`)).map((c) => [c.name, c.type]));
  } catch {
    return new Map(); // not built yet: the dictionary still documents it, without types
  }
}

/**
 * The documented nodes of the selection, in build order, preceded by the sources they
 * read. Types come from the source and seed declarations, and for models from the
 * database when one is given and the model is built there. With every model selected,
 * every source is documented, read by a model or not: the load records (rejects, loads,
 * load_files) are tables analysts query about data quality though no model reads them.
 */
export async function collectDocNodes(plan: Plan, selected: readonly string[], db?: Database): Promise<DocNode[]> {
  const chosen = new Set(selected);
  const everything = plan.order.every((n) => chosen.has(n));
  const readers = new Map<string, string[]>();
  for (const name of selected) for (const s of plan.nodes.get(name)!.sources) readers.set(s, [...(readers.get(s) ?? []), name]);
  const sources: DocNode[] = plan.sources
    .filter((s) => everything || readers.has(s.name))
    .map((s) => ({
      name: s.name,
      kind: 'source',
      layer: 'sources',
      description: s.description,
      ...(s.grain ? { grain: s.grain } : {}),
      columns: Object.entries(s.columns).map(([name, c]) => ({ name, type: c.type, description: c.description })),
      tests: [],
      dependsOn: [],
      usedBy: readers.get(s.name) ?? [],
    }));
  const nodes: DocNode[] = [];
  for (const name of selected) {
    const n = plan.nodes.get(name)!;
    const types = n.seed ? new Map(Object.entries(n.seed.types)) : await builtTypes(db, name);
    nodes.push({
      name,
      kind: n.kind,
      layer: n.layer,
      description: n.description,
      grain: n.grain,
      materialized: n.materialized,
      columns: Object.entries(n.columns).map(([col, description]) => ({ name: col, type: types.get(col), description })),
      tests: n.tests.map(testName),
      dependsOn: [...n.sources, ...n.dependsOn],
      usedBy: (plan.children.get(name) ?? []).filter((c) => chosen.has(c)),
      sql: n.sql,
    });
  }
  return [...sources, ...nodes];
}
