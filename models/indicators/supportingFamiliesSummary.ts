import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/** Row filter of the Supporting Families family-level indicators: which mart columns each filter reads. */
export function filteredFamilyOutcomes(ctx: IndicatorContext, filters: Filters, period: 'eligible_on' | 'success_on') {
  return applyFilters(ctx, ctx.db.selectFrom(ctx.ref('mart_family_outcomes').as('f')).selectAll('f'), filters, {
    period: `f.${period}`,
    // Service and team are those of the family's outcome episode; locality is the family's.
    service: 'f.service',
    team: 'f.team',
    locality: 'f.locality',
    family: 'f.family_id',
  });
}

/**
 * Supporting Families outcomes (indicators.md section 1) for any filtered set of families:
 * eligible families, their live needs met and sustained, successful family outcomes and
 * families nearly there, each with its denominator so any grouping rolls up.
 *
 * The period (from/to) selects the families that became eligible in it (eligible_on), and
 * reports their outcomes as of the extract date: "of the families taken on this year, how
 * many have a successful outcome so far". Successful outcomes by the month they were
 * achieved are supportingFamiliesTrend.
 */
export function supportingFamiliesSummary(ctx: IndicatorContext, filters: Filters) {
  const pct = (num: string, den: string) => sql<number | null>`100.0 * ${sql.raw(num)} / nullif(${sql.raw(den)}, 0)`;
  return ctx.db
    .with('families', () => filteredFamilyOutcomes(ctx, filters, 'eligible_on'))
    .with('counts', (qb) =>
      qb
        .selectFrom('families')
        .select([
          sql<number>`count(*)::INTEGER`.as('families'),
          sql<number>`count(*) filter (where live_needs > 0)::INTEGER`.as('families_with_live_needs'),
          sql<number>`count(*) filter (where eligible)::INTEGER`.as('eligible_families'),
          sql<number>`coalesce(sum(live_needs) filter (where eligible), 0)::INTEGER`.as('eligible_live_needs'),
          sql<number>`coalesce(sum(needs_met) filter (where eligible), 0)::INTEGER`.as('eligible_needs_met'),
          sql<number>`coalesce(sum(needs_sustained) filter (where eligible), 0)::INTEGER`.as('eligible_needs_sustained'),
          sql<number>`count(*) filter (where eligible and needs_met = live_needs)::INTEGER`.as('families_all_met'),
          sql<number>`count(*) filter (where eligible and needs_sustained = live_needs)::INTEGER`.as('families_all_sustained'),
          sql<number>`count(*) filter (where eligible and episode_closed_on is not null)::INTEGER`.as('eligible_closed_families'),
          sql<number>`count(*) filter (where successful_outcome)::INTEGER`.as('successful_outcomes'),
          sql<number>`count(*) filter (where nearly_there)::INTEGER`.as('nearly_there'),
        ]),
    )
    .selectFrom('counts')
    .selectAll()
    .select([
      pct('eligible_needs_met', 'eligible_live_needs').as('pct_needs_met'),
      pct('eligible_needs_sustained', 'eligible_live_needs').as('pct_needs_sustained'),
      pct('successful_outcomes', 'eligible_families').as('pct_successful'),
      pct('successful_outcomes', 'eligible_closed_families').as('pct_successful_of_closed'),
      pct('nearly_there', 'eligible_families').as('pct_nearly_there'),
    ]);
}
