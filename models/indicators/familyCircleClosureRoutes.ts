import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Family Circle closure routes (indicators.md section 2): of the SF episodes closed
 * outcomes_met (in the period, by closing date, and matching the other filters), how
 * many closed on route 1, route 2 and neither, and their share. All three routes are
 * listed, zeros included. Row-level routes are in mart_family_circle_closures.
 */
export function familyCircleClosureRoutes(ctx: IndicatorContext, filters: Filters) {
  const { db, ref } = ctx;
  const closures = applyFilters(
    ctx,
    db.selectFrom(ref('mart_family_circle_closures').as('c')).selectAll('c').where('c.closure_reason', '=', 'outcomes_met'),
    filters,
    { period: 'c.closed_on', service: 'c.service', locality: 'c.locality', team: 'c.team', family: 'c.family_id' },
  );
  return db
    .with('closures', () => closures)
    .with('routes', () => sql`(select * from (values ('route_1', 1), ('route_2', 2), ('none', 3)) as routes(route, position))`)
    .with('counted', (qb) => qb.selectFrom('closures').select(['route', sql<number>`count(*)::INTEGER`.as('n_closures')]).groupBy('route'))
    .with('total', (qb) => qb.selectFrom('closures').select(sql<number>`count(*)::INTEGER`.as('n_outcomes_met_closures')))
    .selectFrom('routes as r')
    .crossJoin('total as t')
    .leftJoin('counted as c', 'c.route', 'r.route')
    .select([
      'r.route',
      sql<number>`coalesce(c.n_closures, 0)::INTEGER`.as('n_closures'),
      't.n_outcomes_met_closures',
      sql<number | null>`100.0 * coalesce(c.n_closures, 0) / nullif(t.n_outcomes_met_closures, 0)`.as('pct_of_outcomes_met_closures'),
    ])
    .orderBy('r.position');
}
