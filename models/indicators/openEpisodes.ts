import { sql } from 'kysely';
import { openMoreThan } from './daysOpenBands.ts';
import { filteredEpisodes, type EpisodeDimension } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Open episodes as at the extract date by service, locality or team (indicators.md
 * section 3, "episodes open longer than 9 and 12 months"): how many are open; for each
 * configured number of months M (practiceStandards.longOpenMonths, default 9 and 12)
 * `open_over_M_months` (open more than M months, counting from the referral as
 * mart_episodes.days_open does) and its share `pct_open_over_M_months`; median and mean days open; and the waiting
 * list with its median wait. A count "as at" a date has no period,
 * so this indicator refuses one.
 *
 * The waiting list is section 3's ("episodes decided waiting_list and not yet allocated"),
 * the rows of mart_waiting_list, aged in days since the decision: the same list, count and
 * median as waitingList, so the two never disagree on a page. A referral still awaiting
 * its decision (status waiting, no decision) is not on it; the `decision` standard times it.
 */
export function openEpisodes(ctx: IndicatorContext, filters: Filters, by: EpisodeDimension = 'service') {
  const months = ctx.config.practiceStandards.longOpenMonths;
  const over = (m: number) => sql<number>`count(*) filter (where e.status = 'open' and ${openMoreThan(sql.lit(m), 'e.')})::INTEGER`;
  return ctx.db
    .with('episodes', () => filteredEpisodes(ctx, filters, null))
    .with('counts', (qb) =>
      qb
        .selectFrom('episodes as e')
        .leftJoin(ctx.ref('mart_waiting_list').as('w'), 'w.episode_id', 'e.episode_id')
        .select([
          sql.ref(`e.${by}`).as('grp'),
          sql<number>`count(*) filter (where e.status = 'open')::INTEGER`.as('open_episodes'),
          ...months.map((m) => over(m).as(`open_over_${m}_months`)),
          sql<number | null>`median(e.days_open) filter (where e.status = 'open')`.as('median_days_open'),
          sql<number | null>`avg(e.days_open) filter (where e.status = 'open')`.as('mean_days_open'),
          sql<number>`count(w.episode_id)::INTEGER`.as('waiting_episodes'),
          sql<number | null>`median(w.days_waiting)`.as('median_days_waiting'),
        ])
        .groupBy(sql.ref(`e.${by}`))
        .having(sql<boolean>`count(*) filter (where e.status = 'open' or w.episode_id is not null) > 0`),
    )
    .selectFrom('counts')
    .select([
      sql<string>`grp`.as(by),
      'open_episodes',
      ...months.flatMap((m) => [
        sql.ref(`open_over_${m}_months`).as(`open_over_${m}_months`),
        sql<number | null>`100.0 * ${sql.ref(`open_over_${m}_months`)} / nullif(open_episodes, 0)`.as(`pct_open_over_${m}_months`),
      ]),
      'median_days_open',
      'mean_days_open',
      'waiting_episodes',
      'median_days_waiting',
    ])
    .orderBy('grp');
}
