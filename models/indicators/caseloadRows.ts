import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * mart_caseloads rows for `filters` (indicators.md section 4): the period applies to the
 * month end; service, team and locality are the worker's. A caseload is about a worker,
 * not a person, so age band, sex, ethnicity and SEND are refused.
 */
export function caseloadRows(ctx: IndicatorContext, filters: Filters) {
  return applyFilters(ctx, ctx.db.selectFrom(ctx.ref('mart_caseloads').as('c')).selectAll('c'), filters, {
    period: 'c.month_end',
    service: 'c.service',
    locality: 'c.locality',
    team: 'c.team',
  });
}
