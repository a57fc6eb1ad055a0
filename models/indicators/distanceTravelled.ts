import { sql } from 'kysely';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { readingPairs } from './readingPairs.ts';

/** Percentage 0-100 of a count over a denominator; null when the denominator is 0. */
const pct = (count: string, denominator: string) =>
  sql<number | null>`100.0 * ${sql.ref(count)} / nullif(${sql.ref(denominator)}, 0)`;

/**
 * Distance travelled per tool, edition and area over the pairs of `filters`
 * (indicators.md section 2): means, median and SD of the improvement, its 95% confidence
 * interval (t with n - 1 degrees of freedom, 1.96 above 1000; null below 2 pairs), effect
 * size, and the share improved, same, worse, up a stage and reliably improved. Every
 * percentage comes with its count and denominator, and the sums with the sums of squares,
 * so any grouping of these rows rolls up exactly. mart_distance_travelled is this with
 * noFilters.
 */
export function distanceTravelled(ctx: IndicatorContext, filters: Filters) {
  const { db, ref } = ctx;
  return db
    .with('pairs', () => readingPairs(ctx, filters))
    .with('summed', (qb) =>
      qb
        .selectFrom('pairs')
        .select([
          'tool',
          'edition',
          'area',
          sql<number>`count(*)::INTEGER`.as('n_pairs'),
          sql<number>`avg(baseline_score)`.as('mean_baseline'),
          sql<number>`avg(latest_score)`.as('mean_latest'),
          sql<number>`avg(improvement)`.as('mean_improvement'),
          sql<number>`median(improvement)`.as('median_improvement'),
          sql<number | null>`stddev_samp(improvement)`.as('sd_improvement'),
          sql<number>`count(*) filter (where improved)::INTEGER`.as('n_improved'),
          sql<number>`count(*) filter (where same)::INTEGER`.as('n_same'),
          sql<number>`count(*) filter (where worse)::INTEGER`.as('n_worse'),
          sql<number>`count(stage_up)::INTEGER`.as('n_with_stage'),
          sql<number>`count(*) filter (where stage_up)::INTEGER`.as('n_stage_up'),
          sql<number>`count(reliable_improvement)::INTEGER`.as('n_with_reliable_threshold'),
          sql<number>`count(*) filter (where reliable_improvement)::INTEGER`.as('n_reliable'),
          sql<number>`sum(baseline_score)`.as('sum_baseline'),
          sql<number>`sum(latest_score)`.as('sum_latest'),
          sql<number>`sum(improvement)`.as('sum_improvement'),
          sql<number>`sum(improvement * improvement)`.as('sum_sq_improvement'),
        ])
        .groupBy(['tool', 'edition', 'area']),
    )
    .with('with_t', (qb) =>
      qb
        .selectFrom('summed as s')
        .leftJoin(ref('seed_t_critical_95').as('t'), (j) => j.on(sql<boolean>`t.df = s.n_pairs - 1`))
        .selectAll('s')
        .select(sql<number | null>`case when s.n_pairs - 1 > 1000 then 1.96 else t.t975 end`.as('t_critical')),
    )
    .selectFrom('with_t')
    .select([
      'tool',
      'edition',
      'area',
      'n_pairs',
      'mean_baseline',
      'mean_latest',
      'mean_improvement',
      'median_improvement',
      'sd_improvement',
      // t_critical is null for n = 1 (df 0), so is the interval.
      sql<number | null>`mean_improvement - t_critical * sd_improvement / sqrt(n_pairs)`.as('ci95_low'),
      sql<number | null>`mean_improvement + t_critical * sd_improvement / sqrt(n_pairs)`.as('ci95_high'),
      sql<number | null>`mean_improvement / nullif(sd_improvement, 0)`.as('effect_size'),
      pct('n_improved', 'n_pairs').as('pct_improved'),
      pct('n_same', 'n_pairs').as('pct_same'),
      pct('n_worse', 'n_pairs').as('pct_worse'),
      pct('n_stage_up', 'n_with_stage').as('pct_stage_up'),
      pct('n_reliable', 'n_with_reliable_threshold').as('pct_reliable_improvement'),
      'n_improved',
      'n_same',
      'n_worse',
      'n_with_stage',
      'n_stage_up',
      'n_with_reliable_threshold',
      'n_reliable',
      'sum_baseline',
      'sum_latest',
      'sum_improvement',
      'sum_sq_improvement',
      't_critical',
    ])
    .orderBy('tool').orderBy('edition').orderBy('area');
}

export const distanceTravelledColumns: Record<string, string> = {
  tool: 'Assessment tool',
  edition: 'Tool edition',
  area: 'Outcome area',
  n_pairs: 'Subjects with a pair',
  mean_baseline: 'Mean baseline score',
  mean_latest: 'Mean latest score',
  mean_improvement: 'Mean improvement (positive = better, GCP2 included)',
  median_improvement: 'Median improvement',
  sd_improvement: 'Sample standard deviation of the improvement; null below 2 pairs',
  ci95_low: 'Lower end of the 95% confidence interval of the mean improvement (t distribution, df = n_pairs - 1; 1.96 above 1000); null below 2 pairs',
  ci95_high: 'Upper end of that interval',
  effect_size: 'mean_improvement / sd_improvement; null when the SD is null or 0',
  pct_improved: 'Percent of pairs improved (0-100)',
  pct_same: 'Percent of pairs the same',
  pct_worse: 'Percent of pairs worse',
  pct_stage_up: 'Percent of pairs with stages whose latest stage is better than the baseline stage; null for tools without stages',
  pct_reliable_improvement: 'Percent of pairs with a reliable-change threshold showing a reliable improvement; null when there is no threshold',
  n_improved: 'Pairs improved',
  n_same: 'Pairs the same',
  n_worse: 'Pairs worse',
  n_with_stage: 'Pairs with a baseline and latest stage (denominator of pct_stage_up)',
  n_stage_up: 'Pairs up a stage',
  n_with_reliable_threshold: 'Pairs with a reliable-change threshold (denominator of pct_reliable_improvement)',
  n_reliable: 'Pairs with a reliable improvement',
  sum_baseline: 'Sum of baseline scores (mean_baseline x n_pairs), for rolling up',
  sum_latest: 'Sum of latest scores, for rolling up',
  sum_improvement: 'Sum of improvements, for rolling up',
  sum_sq_improvement: 'Sum of squared improvements, so the SD of a roll-up can be computed',
  t_critical: 'The t quantile used for the interval (seed_t_critical_95 at df = n_pairs - 1, 1.96 above 1000); null below 2 pairs',
};
