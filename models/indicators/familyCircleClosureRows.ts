import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * The SF episodes closed outcomes_met behind familyCircleClosureRoutes, with the same
 * filter columns (period on the closing date, the episode's service, locality and team,
 * person attributes of any child of the family): the rows of a route's count.
 */
export function familyCircleClosureRows(ctx: IndicatorContext, filters: Filters) {
  return applyFilters(
    ctx,
    ctx.db.selectFrom(ctx.ref('mart_family_circle_closures').as('c')).selectAll('c').where('c.closure_reason', '=', 'outcomes_met'),
    filters,
    { period: 'c.closed_on', service: 'c.service', locality: 'c.locality', team: 'c.team', family: 'c.family_id' },
  );
}
