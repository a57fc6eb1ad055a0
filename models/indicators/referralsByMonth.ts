import { sql } from 'kysely';
import { filteredEpisodes } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Referrals (episodes by month of referral_on) by service, with how many of them were
 * allocated so far and how many were not allocated (decided elsewhere), so the share
 * allocated has its denominator beside it. One row per month (first day of the month)
 * and service with any referral.
 */
export function referralsByMonth(ctx: IndicatorContext, filters: Filters) {
  return ctx.db
    .with('episodes', () => filteredEpisodes(ctx, filters))
    .selectFrom('episodes')
    .select([
      sql<string>`date_trunc('month', referral_on)::DATE`.as('month'),
      'service',
      sql<number>`count(*)::INTEGER`.as('referrals'),
      sql<number>`count(allocated_on)::INTEGER`.as('allocated'),
      sql<number>`count(*) filter (where status = 'not_allocated')::INTEGER`.as('not_allocated'),
      sql<number>`count(*) filter (where status = 'waiting')::INTEGER`.as('waiting'),
      sql<number | null>`100.0 * count(allocated_on) / nullif(count(*), 0)`.as('pct_allocated'),
    ])
    .groupBy([sql`1`, 'service'])
    .orderBy(sql`1`)
    .orderBy('service');
}
