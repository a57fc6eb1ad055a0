import { sql } from 'kysely';
import { caseloadRows } from './caseloadRows.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Workers over their caseload limit at the latest month end (indicators.md section 4):
 * the latest month end among the filtered rows (so a period ending in March reports March),
 * each worker with more open cases than caseload_limit x fte, furthest over first.
 */
export function workersOverLimit(ctx: IndicatorContext, filters: Filters) {
  return ctx.db
    .with('rows', () => caseloadRows(ctx, filters))
    .with('latest', (qb) => qb.selectFrom('rows').select(sql<string>`max(month_end)`.as('month_end')))
    .selectFrom('rows as r')
    .innerJoin('latest as l', 'l.month_end', 'r.month_end')
    .select([
      'r.worker_id',
      'r.service',
      'r.team',
      'r.locality',
      'r.month_end',
      'r.open_cases',
      'r.caseload_unit',
      'r.fte',
      'r.caseload_limit',
      sql<number>`round(r.open_cases - r.caseload_limit, 2)::DOUBLE`.as('over_by'),
      'r.pct_of_limit',
    ])
    .where('r.over_limit', '=', true)
    .orderBy(sql`r.open_cases - r.caseload_limit`, 'desc')
    .orderBy('r.worker_id');
}
