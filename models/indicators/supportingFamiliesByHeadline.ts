import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Supporting Families outcomes by headline (indicators.md section 1): for each of the 10
 * headlines, families with a live need in it, with all their needs in it met, and
 * sustained; with the need counts behind them. Every headline is a row, zero when no
 * family has it. The period selects families by when their first live need in the
 * headline was identified. `eligibleOnly` keeps eligible families only.
 */
export function supportingFamiliesByHeadline(ctx: IndicatorContext, filters: Filters, options: { eligibleOnly?: boolean } = {}) {
  let rows = ctx.db.selectFrom(ctx.ref('mart_headline_outcomes').as('h')).selectAll('h');
  if (options.eligibleOnly) rows = rows.where('h.eligible', '=', true);
  const filtered = applyFilters(ctx, rows, filters, {
    period: 'h.identified_on',
    service: 'h.service',
    team: 'h.team',
    locality: 'h.locality',
    family: 'h.family_id',
  });
  return ctx.db
    .with('rows', () => filtered)
    .with('counts', (qb) =>
      qb
        .selectFrom('rows')
        .select([
          'headline',
          sql<number>`count(*)::INTEGER`.as('families'),
          sql<number>`count(*) filter (where all_met)::INTEGER`.as('families_all_met'),
          sql<number>`count(*) filter (where all_sustained)::INTEGER`.as('families_all_sustained'),
          sql<number>`sum(live_needs)::INTEGER`.as('live_needs'),
          sql<number>`sum(needs_met)::INTEGER`.as('needs_met'),
          sql<number>`sum(needs_sustained)::INTEGER`.as('needs_sustained'),
        ])
        .groupBy('headline'),
    )
    .selectFrom(ctx.ref('seed_headlines').as('s'))
    .leftJoin('counts as c', 'c.headline', 's.headline')
    .select([
      's.headline',
      's.label',
      's.position',
      sql<number>`coalesce(c.families, 0)`.as('families'),
      sql<number>`coalesce(c.families_all_met, 0)`.as('families_all_met'),
      sql<number>`coalesce(c.families_all_sustained, 0)`.as('families_all_sustained'),
      sql<number | null>`100.0 * c.families_all_met / nullif(c.families, 0)`.as('pct_all_met'),
      sql<number | null>`100.0 * c.families_all_sustained / nullif(c.families, 0)`.as('pct_all_sustained'),
      sql<number>`coalesce(c.live_needs, 0)`.as('live_needs'),
      sql<number>`coalesce(c.needs_met, 0)`.as('needs_met'),
      sql<number>`coalesce(c.needs_sustained, 0)`.as('needs_sustained'),
    ])
    .orderBy('s.position');
}
