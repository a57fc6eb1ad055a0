import { sql } from 'kysely';
import { filteredEpisodes } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

export const cohortOutcomes = ['eligible', 'not_eligible', 'successful', 'nearly_there'] as const;

export interface CohortOptions {
  /** Only episodes of families with a live need in this headline (mart_headline_outcomes). */
  need?: string;
  /** Only episodes with a distance-travelled pair on this tool (mart_reading_pairs). */
  tool?: string;
  /** Only episodes of families with this Supporting Families outcome (mart_family_outcomes). */
  outcome?: (typeof cohortOutcomes)[number];
}

/**
 * An analyst's cohort (product.md: by service, locality, team, dates, age band, sex,
 * ethnicity, SEND, needs, tools, outcomes): the episodes of `filteredEpisodes` (so the
 * global filters mean what they mean on every page), narrowed by need headline, tool and
 * family outcome, with the family's Supporting Families flags and, for youth episodes,
 * the young person's attributes. One row per episode, newest referral first.
 */
export function cohortEpisodes(ctx: IndicatorContext, filters: Filters, options: CohortOptions = {}) {
  let q = ctx.db
    .selectFrom(filteredEpisodes(ctx, filters).as('e'))
    .leftJoin(ctx.ref('mart_family_outcomes').as('fo'), 'fo.family_id', 'e.family_id')
    .leftJoin(ctx.ref('int_people').as('p'), 'p.person_id', 'e.subject_person_id')
    .select([
      'e.episode_id',
      'e.family_id',
      'e.subject_person_id',
      'e.service',
      'e.team',
      'e.locality',
      'e.worker_id',
      'e.referral_on',
      'e.allocated_on',
      'e.closed_on',
      'e.closure_reason',
      'e.days_open',
      'e.status',
      'p.age_band as subject_age_band',
      'p.sex as subject_sex',
      'p.ethnicity as subject_ethnicity',
      'p.send as subject_send',
      sql<number>`coalesce(fo.live_needs, 0)`.as('family_live_needs'),
      sql<boolean>`coalesce(fo.eligible, false)`.as('family_eligible'),
      sql<boolean>`coalesce(fo.successful_outcome, false)`.as('family_successful_outcome'),
      sql<boolean>`coalesce(fo.nearly_there, false)`.as('family_nearly_there'),
    ]);
  if (options.need) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(ctx.ref('mart_headline_outcomes').as('h'))
          .select(sql`1`.as('one'))
          .whereRef('h.family_id', '=', 'e.family_id')
          .where('h.headline', '=', options.need!),
      ),
    );
  }
  if (options.tool) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(ctx.ref('mart_reading_pairs').as('rp'))
          .select(sql`1`.as('one'))
          .whereRef('rp.episode_id', '=', 'e.episode_id')
          .where('rp.tool', '=', options.tool!),
      ),
    );
  }
  if (options.outcome === 'eligible') q = q.where(sql<boolean>`coalesce(fo.eligible, false)`);
  if (options.outcome === 'not_eligible') q = q.where(sql<boolean>`not coalesce(fo.eligible, false)`);
  if (options.outcome === 'successful') q = q.where(sql<boolean>`coalesce(fo.successful_outcome, false)`);
  if (options.outcome === 'nearly_there') q = q.where(sql<boolean>`coalesce(fo.nearly_there, false)`);
  return q.orderBy('e.referral_on', 'desc').orderBy('e.episode_id');
}
