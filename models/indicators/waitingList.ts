import { sql } from 'kysely';
import { applyFiltersPersonOrFamily } from './applyFiltersPersonOrFamily.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * mart_waiting_list rows for `filters`: the episodes on the waiting list at the extract date
 * (decided waiting_list, neither allocated nor closed), longest wait first. The list is "as
 * at" the extract date, so it has no period and refuses one.
 */
export function waitingListEpisodes(ctx: IndicatorContext, filters: Filters) {
  return ctx.db
    .with('rows', () =>
      applyFiltersPersonOrFamily(
        ctx,
        () => ctx.db.selectFrom(ctx.ref('mart_waiting_list').as('w')).selectAll('w'),
        filters,
        { service: 'w.service', locality: 'w.locality', team: 'w.team' },
        'w.person_id',
        'w.family_id',
      ),
    )
    .selectFrom('rows')
    .selectAll()
    .orderBy('days_waiting', 'desc')
    .orderBy('episode_id');
}

/**
 * The waiting list (indicators.md section 3: "count and age of episodes decided
 * waiting_list and not yet allocated") by service, team or locality: how many are waiting,
 * their total, mean, median and longest days waiting (from the decision), and how many
 * have an overdue waiting list review. `total_days_waiting` lets any grouping roll up the
 * mean.
 */
export function waitingList(ctx: IndicatorContext, filters: Filters, by: 'service' | 'team' | 'locality' = 'service') {
  const groups = by === 'team' ? ['service', 'team'] : [by];
  return ctx.db
    .with('rows', () => waitingListEpisodes(ctx, filters))
    .selectFrom('rows')
    .select([
      ...groups.map((g) => sql.ref(g).as(g)),
      sql<number>`count(*)::INTEGER`.as('waiting'),
      sql<number>`sum(days_waiting)::INTEGER`.as('total_days_waiting'),
      sql<number>`avg(days_waiting)`.as('mean_days_waiting'),
      sql<number>`median(days_waiting)`.as('median_days_waiting'),
      sql<number>`max(days_waiting)::INTEGER`.as('max_days_waiting'),
      sql<number>`count(*) filter (where review_status = 'missed')::INTEGER`.as('reviews_overdue'),
    ])
    .groupBy(groups.map((g) => sql.ref(g)))
    .$call((q) => groups.reduce((acc, g) => acc.orderBy(sql`${sql.ref(g)} nulls last`), q));
}
