import { sql } from 'kysely';
import { filteredEpisodes, type EpisodeDimension } from './filteredEpisodes.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

export const episodeStatuses = ['waiting', 'open', 'closed', 'not_allocated'] as const;

/**
 * Episodes referred in the period, by status as of the extract date (waiting, open,
 * closed, not allocated: mart_episodes.status) and by service, locality or team. One
 * row per group and status, every status present (zero when none), with the group's
 * total as the denominator of the percentage.
 */
export function episodeStatus(ctx: IndicatorContext, filters: Filters, by: EpisodeDimension = 'service') {
  return ctx.db
    .with('episodes', () => filteredEpisodes(ctx, filters))
    .with('counts', (qb) =>
      qb
        .selectFrom('episodes')
        .select([sql.ref(by).as('grp'), 'status', sql<number>`count(*)::INTEGER`.as('n')])
        .groupBy([sql.ref(by), 'status']),
    )
    .with('groups', (qb) =>
      qb.selectFrom('counts').select(['grp', sql<number>`sum(n)::INTEGER`.as('total')]).groupBy('grp'),
    )
    .with('statuses(status, position)', () => sql`(values ${sql.join(episodeStatuses.map((s, i) => sql`(${sql.lit(s)}, ${sql.lit(i)})`))})`)
    .selectFrom('groups as g')
    .crossJoin('statuses as s')
    // Episodes with no team (or locality) are a group of their own: `=` would never match
    // their null key and list every status of that group as 0.
    .leftJoin('counts as c', (j) => j.on(sql<boolean>`c.grp is not distinct from g.grp`).onRef('c.status', '=', 's.status'))
    .select([
      sql<string>`g.grp`.as(by),
      's.status',
      sql<number>`coalesce(c.n, 0)`.as('episodes'),
      sql<number>`g.total`.as('group_episodes'),
      sql<number | null>`100.0 * coalesce(c.n, 0) / nullif(g.total, 0)`.as('pct_of_group'),
    ])
    .orderBy('g.grp')
    .orderBy('s.position');
}
