import type { FastifyInstance } from 'fastify';
import { createCompileOnlyKysely } from '../../../models/kysely/createCompileOnlyKysely.ts';
import { exportFormats } from '../exports/ExportFile.ts';
import { buildMeta, loadFacts } from '../meta.ts';
import { limitMeta } from '../access/limitMeta.ts';
import { intParam, routeKeys, type Query } from '../parseFilters.ts';
import { withScope, type ServerContext } from '../RequestContext.ts';
import { prepareEntry } from '../runEntry.ts';
import { runQuery } from '../runQuery.ts';
import { ARROW_STREAM, arrowStreamBody } from '../toArrow.ts';

const db = createCompileOnlyKysely();

/** /api/meta, /api/indicators/:name and /api/rows/:drill. */
export function dataRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/meta', async (_req, reply) =>
    withScope(ctx, async (scope) => {
      reply.header('x-data-version', scope.lease.generation.id);
      // Options and entries narrowed to what this user's role and scope may use.
      return limitMeta(await buildMeta(scope, ctx.registry, exportFormats), ctx.registry, (await loadFacts(scope)).teamAreas);
    }),
  );

  app.get<{ Params: { name: string }; Querystring: Query }>('/api/indicators/:name', async (req, reply) =>
    withScope(ctx, async (scope) => {
      const p = await prepareEntry(ctx, scope, ctx.registry.indicators.get(req.params.name), req.params.name, req.query);
      const result = await runQuery(scope, p.query);
      reply.header('x-data-version', scope.lease.generation.id).type(ARROW_STREAM);
      return arrowStreamBody(result);
    }),
  );

  app.get<{ Params: { drill: string }; Querystring: Query }>('/api/rows/:drill', async (req, reply) =>
    withScope(ctx, async (scope) => {
      const p = await prepareEntry(ctx, scope, ctx.registry.drills.get(req.params.drill), req.params.drill, req.query, routeKeys.rows);
      const limit = intParam(req.query, 'limit', 100, 1, 5000);
      const offset = intParam(req.query, 'offset', 0, 0, 100_000_000);
      // The page keeps the drill's own ORDER BY, so paging is stable; the count needs no order.
      const page = p.query.limit(limit).offset(offset);
      const count = db.selectFrom(p.query.clearOrderBy().as('drill')).select((eb) => eb.fn.countAll<number>().as('n'));
      const [result, total] = [await runQuery(scope, page), await runQuery(scope, count)];
      reply
        .header('x-data-version', scope.lease.generation.id)
        .header('x-total-count', String(total.rows[0]?.n ?? 0))
        .header('access-control-expose-headers', 'x-total-count, x-data-version')
        .type(ARROW_STREAM);
      return arrowStreamBody(result);
    }),
  );
}
