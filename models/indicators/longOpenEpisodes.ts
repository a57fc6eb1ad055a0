import { sql } from 'kysely';
import { openMoreThan } from './daysOpenBands.ts';
import { filteredEpisodes } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Episodes open longer than the configured months (indicators.md section 3: "episodes open
 * longer than 9 and 12 months", config practiceStandards.longOpenMonths): the open
 * episodes (allocated, not closed) at the extract date open longer than the shortest of
 * those months, counting from the referral as mart_episodes.days_open does, with an
 * `open_over_M_months` flag for each M. The rows and the rule (openMoreThan) are those of
 * openEpisodes, so these are the rows behind its open_over_M_months counts. Longest open
 * first. "As at" the extract date: no period.
 */
export function longOpenEpisodes(ctx: IndicatorContext, filters: Filters) {
  const months = [...ctx.config.practiceStandards.longOpenMonths].sort((a, b) => a - b);
  return ctx.db
    .with('episodes', () => filteredEpisodes(ctx, filters, null))
    .selectFrom('episodes')
    .select([
      'episode_id',
      'family_id',
      'subject_person_id as person_id',
      'service',
      'team',
      'locality',
      'worker_id',
      'referral_on',
      'allocated_on',
      'days_open',
      sql<number>`date_diff('day', allocated_on, referral_on + days_open)::INTEGER`.as('days_since_allocation'),
      ...months.map((m) => openMoreThan(sql.lit(m)).as(`open_over_${m}_months`)),
    ])
    .where('status', '=', 'open')
    .where(months.length ? openMoreThan(sql.lit(months[0])) : sql<boolean>`false`)
    .orderBy('days_open', 'desc')
    .orderBy('episode_id');
}
