import { applyFiltersPersonOrFamily } from './applyFiltersPersonOrFamily.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * mart_practice_standards rows for `filters` (indicators.md section 3): the row filter of
 * every practice standard indicator and of its drill-down, so a count and the rows behind
 * it always agree.
 *
 * - The period applies to the due date (due_on): "compliance in May" is about what fell due
 *   in May. Not-applicable rows have no due date, so a period leaves them out.
 * - Service, team and locality are the episode's (a return home interview with no open
 *   episode has no service or team, so a service or team filter leaves it out).
 * - Age band, sex, ethnicity and SEND are the person's where the row has one (a youth
 *   episode's young person, the child of a return home interview), else any child's of the
 *   family.
 */
export function practiceStandardRows(ctx: IndicatorContext, filters: Filters) {
  return applyFiltersPersonOrFamily(
    ctx,
    () => ctx.db.selectFrom(ctx.ref('mart_practice_standards').as('ps')).selectAll('ps'),
    filters,
    { period: 'ps.due_on', service: 'ps.service', locality: 'ps.locality', team: 'ps.team' },
    'ps.person_id',
    'ps.family_id',
  );
}
