import { sql } from 'kysely';
import { applyFiltersPersonOrFamily } from './applyFiltersPersonOrFamily.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Episodes open longer than the configured months (indicators.md section 3: "episodes open
 * longer than 9 and 12 months", config practiceStandards.longOpenMonths): the open
 * episodes (allocated, not closed) at the extract date that have been open longer than the
 * shortest of those months, counting from the referral as mart_episodes.days_open does
 * (the same rule as openEpisodes' open_over_M_months, so these are the rows behind those
 * counts), with an `open_over_M_months` flag for each M. Longest open first. "As at" the
 * extract date: no period.
 */
export function longOpenEpisodes(ctx: IndicatorContext, filters: Filters) {
  const months = [...ctx.config.practiceStandards.longOpenMonths].sort((a, b) => a - b);
  // Open longer than M months: the extract date (referral + days open) is past referral + M months.
  const over = (m: number) => sql<boolean>`referral_on + days_open > referral_on + to_months(${sql.lit(m)})`;
  return ctx.db
    .with('rows', () =>
      applyFiltersPersonOrFamily(
        ctx,
        () => ctx.db.selectFrom(ctx.ref('mart_episodes').as('e')).selectAll('e').where('e.status', '=', 'open'),
        filters,
        { service: 'e.service', locality: 'e.locality', team: 'e.team' },
        'e.subject_person_id',
        'e.family_id',
      ),
    )
    .selectFrom('rows')
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
      ...months.map((m) => over(m).as(`open_over_${m}_months`)),
    ])
    .where(months.length ? over(months[0]) : sql<boolean>`false`)
    .orderBy('days_open', 'desc')
    .orderBy('episode_id');
}
