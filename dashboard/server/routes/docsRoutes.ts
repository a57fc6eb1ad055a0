import type { FastifyInstance } from 'fastify';
import { CompiledQuery } from 'kysely';
import { collectDocNodes, type DocNode } from '../../../models/core/DocNode.ts';
import { lineageSvg } from '../../../models/core/lineageSvg.ts';
import { preparePlan } from '../../../models/core/preparePlan.ts';
import type { Config } from '../../../models/config.ts';
import { withScope, type ServerContext } from '../RequestContext.ts';
import { runQuery, type QueryScope } from '../runQuery.ts';

/** The documented models, from the same definitions the pipeline builds (read once per server). */
function docNodes(config: Config): Promise<DocNode[]> {
  if (!nodesOnce) {
    nodesOnce = preparePlan({ config }).then(({ plan, selected }) => collectDocNodes(plan, selected));
    // A failure is not remembered: the next request tries again.
    nodesOnce.catch(() => (nodesOnce = undefined));
  }
  return nodesOnce;
}
let nodesOnce: Promise<DocNode[]> | undefined;

/** Column types as built in this database version, through runQuery like every other read. */
async function builtTypes(scope: QueryScope): Promise<Map<string, Map<string, string>>> {
  const cache = scope.lease.generation.cache;
  const hit = cache.get('docs:types') as Map<string, Map<string, string>> | undefined;
  if (hit) return hit;
  const { rows } = await runQuery(
    scope,
    CompiledQuery.raw(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'`),
    { kind: 'reference', what: 'column types' },
  );
  const types = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const t = String(r.table_name);
    if (!types.has(t)) types.set(t, new Map());
    types.get(t)!.set(String(r.column_name), String(r.data_type));
  }
  cache.set('docs:types', types);
  return types;
}

/**
 * GET /api/docs/dictionary: every source, seed and model with its layer, grain,
 * description, columns (with the type built in this database where it is built), tests,
 * dependencies and SQL. GET /api/docs/lineage.svg: the lineage graph; each box links to
 * `#<model name>`, so a page that gives each model an element with that id can follow it.
 */
export function docsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/docs/dictionary', async () =>
    withScope(ctx, async (scope) => {
      const [nodes, types] = await Promise.all([docNodes(ctx.config), builtTypes(scope)]);
      return {
        layers: ['sources', 'seeds', 'staging', 'intermediate', 'marts'],
        models: nodes.map((n) => ({
          ...n,
          built: types.has(n.name),
          columns: n.columns.map((c) => ({ ...c, type: types.get(n.name)?.get(c.name) ?? c.type ?? null })),
        })),
      };
    }),
  );

  app.get('/api/docs/lineage.svg', async (_req, reply) => {
    if (!svgOnce) {
      svgOnce = docNodes(ctx.config).then((nodes) => lineageSvg(nodes, ''));
      svgOnce.catch(() => (svgOnce = undefined));
    }
    const svg = svgOnce;
    reply.type('image/svg+xml; charset=utf-8');
    return svg;
  });
}
let svgOnce: Promise<string> | undefined;
