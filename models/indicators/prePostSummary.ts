import { sql } from 'kysely';
import { applyFilters } from './applyFilters.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Before and after (indicators.md section 6), one row per measure and group
 * (comparison_group false = people of closed allocated episodes, true = people whose
 * referral was not allocated), over the rows of mart_pre_post left by the filters. The
 * period applies to referral_on, so both groups are "referred in the same period".
 *
 * Per group: people (n); for event measures, people with any event before and after;
 * totals and means per person before and after; the change per person (after - before,
 * so negative = fewer events, or for school attendance, positive = better attendance)
 * with its 95% confidence interval from the paired differences:
 *
 *   mean_change +/- t975(n - 1) x sd_change / sqrt(n)
 *
 * t975 from seed_t_critical_95, 1.96 above 1000 degrees of freedom; null when n < 2.
 *
 * Difference in differences (on both rows of a measure, the same value):
 * did = mean_change(intervention) - mean_change(comparison). The two groups are
 * independent samples with unequal variances, so (Welch):
 *
 *   se  = sqrt(sd_i^2 / n_i + sd_c^2 / n_c)
 *   df  = se^4 / ((sd_i^2 / n_i)^2 / (n_i - 1) + (sd_c^2 / n_c)^2 / (n_c - 1))   (Welch-Satterthwaite)
 *   did +/- t975(floor(df)) x se
 *
 * df is rounded down to a whole number for the seed (the conservative side: a larger t),
 * and 1.96 is used above 1000. Needs n >= 2 in both groups; when both groups have no
 * variation (se = 0) the interval is the point itself and df is null. A person with
 * several episodes counts once per episode, as the paired rows are episodes.
 *
 * Sums (sum_change, sum_sq_change) are returned so any grouping of these rows can
 * recompute means and standard deviations.
 */
export function prePostSummary(ctx: IndicatorContext, filters: Filters) {
  const rows = applyFilters(ctx, ctx.db.selectFrom(ctx.ref('mart_pre_post').as('r')).selectAll('r'), filters, {
    period: 'r.referral_on',
    service: 'r.service',
    locality: 'r.locality',
    team: 'r.team',
    person: 'r.person_id',
  });
  // t975 at df degrees of freedom: the seed row joined as `t` on df (unique in the seed), 1.96 above 1000.
  // A join rather than a correlated subquery: the same value, and much less for DuckDB to plan on every request.
  const seedT = ctx.ref('seed_t_critical_95');
  const t975 = (df: string) => sql<number | null>`case when ${sql.raw(df)} > 1000 then 1.96 else t.t975 end`;
  return ctx.db
    .with('rows', () => rows)
    .with('groups', (qb) =>
      qb
        .selectFrom('rows')
        .select([
          'measure',
          'unit',
          'comparison_group',
          sql<number>`count(*)::INTEGER`.as('people'),
          sql<number | null>`(count(*) filter (where before_count > 0))::INTEGER`.as('people_any_before'),
          sql<number | null>`(count(*) filter (where after_count > 0))::INTEGER`.as('people_any_after'),
          sql<number>`sum(before_count)`.as('sum_before'),
          sql<number>`sum(after_count)`.as('sum_after'),
          sql<number>`avg(before_count)`.as('mean_before'),
          sql<number>`avg(after_count)`.as('mean_after'),
          sql<number>`sum(after_count - before_count)`.as('sum_change'),
          sql<number>`sum((after_count - before_count) ^ 2)`.as('sum_sq_change'),
          sql<number>`avg(after_count - before_count)`.as('mean_change'),
          sql<number | null>`stddev_samp(after_count - before_count)`.as('sd_change'),
        ])
        .groupBy(['measure', 'unit', 'comparison_group']),
    )
    .with('with_ci', (qb) =>
      qb
        .selectFrom('groups')
        .leftJoin(seedT.as('t'), (j) => j.on(sql<boolean>`t.df = groups.people - 1`))
        .selectAll('groups')
        .select(sql<number | null>`case when people >= 2 then ${t975('people - 1')} end`.as('t975')),
    )
    .with('paired', (qb) =>
      qb
        .selectFrom('with_ci')
        .selectAll()
        .select([
          sql<number | null>`mean_change - t975 * sd_change / sqrt(people)`.as('ci95_low'),
          sql<number | null>`mean_change + t975 * sd_change / sqrt(people)`.as('ci95_high'),
        ]),
    )
    .with('welch', (qb) =>
      qb
        .selectFrom('paired as i')
        .innerJoin('paired as c', (j) => j.onRef('c.measure', '=', 'i.measure').on('c.comparison_group', '=', true))
        .select([
          'i.measure',
          sql<number>`i.mean_change - c.mean_change`.as('did'),
          sql<number | null>`i.sd_change ^ 2 / i.people`.as('vi'),
          sql<number | null>`c.sd_change ^ 2 / c.people`.as('vc'),
          'i.people as ni',
          'c.people as nc',
        ])
        .where('i.comparison_group', '=', false),
    )
    .with('welch_df', (qb) =>
      qb
        .selectFrom('welch')
        .selectAll()
        .select([
          sql<number | null>`case when ni >= 2 and nc >= 2 then sqrt(vi + vc) end`.as('did_se'),
          sql<number | null>`case when ni >= 2 and nc >= 2 and vi + vc > 0 then (vi + vc) ^ 2 / (vi ^ 2 / (ni - 1) + vc ^ 2 / (nc - 1)) end`.as(
            'did_df',
          ),
        ]),
    )
    .with('did', (qb) =>
      qb
        .selectFrom('welch_df')
        .leftJoin(seedT.as('t'), (j) => j.on(sql<boolean>`t.df = greatest(floor(welch_df.did_df)::INTEGER, 1)`))
        .select([
          'welch_df.measure',
          'welch_df.did',
          'welch_df.did_se',
          'welch_df.did_df',
          sql<number | null>`case when did_se = 0 then 0 when did_df is not null then ${t975('greatest(floor(did_df)::INTEGER, 1)')} end`.as(
            'did_t975',
          ),
        ]),
    )
    .selectFrom('paired as p')
    .leftJoin('did as d', 'd.measure', 'p.measure')
    .select([
      'p.measure',
      'p.unit',
      'p.comparison_group',
      'p.people',
      sql<number | null>`case when p.unit = 'events' then p.people_any_before end`.as('people_any_before'),
      sql<number | null>`case when p.unit = 'events' then p.people_any_after end`.as('people_any_after'),
      sql<number | null>`case when p.unit = 'events' then 100.0 * p.people_any_before / p.people end`.as('pct_any_before'),
      sql<number | null>`case when p.unit = 'events' then 100.0 * p.people_any_after / p.people end`.as('pct_any_after'),
      'p.sum_before',
      'p.sum_after',
      'p.mean_before',
      'p.mean_after',
      'p.sum_change',
      'p.sum_sq_change',
      'p.mean_change',
      'p.sd_change',
      'p.t975',
      'p.ci95_low',
      'p.ci95_high',
      'd.did',
      'd.did_se',
      'd.did_df',
      'd.did_t975',
      sql<number | null>`d.did - d.did_t975 * d.did_se`.as('did_ci95_low'),
      sql<number | null>`d.did + d.did_t975 * d.did_se`.as('did_ci95_high'),
    ])
    .orderBy('p.measure')
    .orderBy('p.comparison_group');
}
