import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * mart_pre_post rows for `filters` (indicators.md section 6): the people and episodes
 * behind a before-and-after figure. The filter columns are prePostSummary's: the period
 * applies to referral_on, service, locality and team to the episode, person attributes to
 * the person.
 */
export function prePostRows(ctx: IndicatorContext, filters: Filters) {
  return applyFilters(ctx, ctx.db.selectFrom(ctx.ref('mart_pre_post').as('r')).selectAll('r'), filters, {
    period: 'r.referral_on',
    service: 'r.service',
    locality: 'r.locality',
    team: 'r.team',
    person: 'r.person_id',
  });
}
