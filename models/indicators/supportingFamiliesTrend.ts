import { sql } from 'kysely';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { filteredFamilyOutcomes } from './supportingFamiliesSummary.ts';

/**
 * Supporting Families trend (indicators.md section 1): successful outcomes by month of
 * their success date, and eligible families by the month they became eligible (the
 * identified_on of their minLiveNeeds-th live need). The period applies to each count's
 * own date. One row per month (YYYY-MM) with either count above zero.
 */
export function supportingFamiliesTrend(ctx: IndicatorContext, filters: Filters) {
  return ctx.db
    .with('eligible', () =>
      filteredFamilyOutcomes(ctx, filters, 'eligible_on')
        .clearSelect()
        .select([sql<string>`strftime(f.eligible_on, '%Y-%m')`.as('month'), sql<number>`count(*)::INTEGER`.as('n')])
        .where('f.eligible', '=', true)
        .groupBy(sql`1`),
    )
    .with('successful', () =>
      filteredFamilyOutcomes(ctx, filters, 'success_on')
        .clearSelect()
        .select([sql<string>`strftime(f.success_on, '%Y-%m')`.as('month'), sql<number>`count(*)::INTEGER`.as('n')])
        .where('f.successful_outcome', '=', true)
        .groupBy(sql`1`),
    )
    .selectFrom('eligible as e')
    .fullJoin('successful as s', 's.month', 'e.month')
    .select([
      sql<string>`coalesce(e.month, s.month)`.as('month'),
      sql<number>`coalesce(e.n, 0)`.as('eligible_families'),
      sql<number>`coalesce(s.n, 0)`.as('successful_outcomes'),
    ])
    .orderBy(sql`1`);
}
