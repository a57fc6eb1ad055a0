import { sql } from 'kysely';
import { caseloadRows } from './caseloadRows.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Caseloads by team, service or locality at each month end (indicators.md section 4: "team
 * and service totals"): workers, open cases (families or young people, as each service
 * counts them) and open episodes, the total of their effective limits (caseload_limit x
 * fte), workers over their limit, and open cases as a percentage of the total limit. Sums
 * are returned with the rates so any grouping rolls up.
 */
export function caseloadSummary(ctx: IndicatorContext, filters: Filters, by: 'team' | 'service' | 'locality' = 'team') {
  const groups = by === 'team' ? ['service', 'team'] : [by];
  return ctx.db
    .with('rows', () => caseloadRows(ctx, filters))
    .with('totals', (qb) =>
      qb
        .selectFrom('rows')
        .select([
          'month_end',
          ...groups.map((g) => sql.ref(g).as(g)),
          sql<number>`count(*)::INTEGER`.as('workers'),
          sql<number>`round(sum(fte), 2)::DOUBLE`.as('fte'),
          sql<number>`sum(open_cases)::INTEGER`.as('open_cases'),
          sql<number>`sum(open_episodes)::INTEGER`.as('open_episodes'),
          sql<number>`round(sum(caseload_limit), 2)::DOUBLE`.as('caseload_limit'),
          sql<number>`count(*) filter (where over_limit)::INTEGER`.as('workers_over_limit'),
        ])
        .groupBy(['month_end', ...groups.map((g) => sql.ref(g))]),
    )
    .selectFrom('totals')
    .selectAll()
    .select([
      sql<number | null>`100.0 * open_cases / nullif(caseload_limit, 0)`.as('pct_of_limit'),
      sql<number>`open_cases / workers`.as('mean_open_cases'),
    ])
    .orderBy('month_end')
    .$call((q) => groups.reduce((acc, g) => acc.orderBy(sql`${sql.ref(g)} nulls last`), q));
}
