import { sql } from 'kysely';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { readingPairs } from './readingPairs.ts';

/**
 * GCP2 (indicators.md section 2): per edition and area, the share of children whose
 * baseline grade was 4-5 (poor, very worried) whose latest grade is 1-3 (child first,
 * adequate, borderline). The denominator is the children with a pair who started at
 * grade 4-5; every child with a pair is in n_pairs.
 *
 * A score's grade is the one int_readings gives it (seed_journey_stages): a grade runs from
 * its score up to the next grade's, since the contract allows decimal scores. So grade 4-5
 * is a score of 4 or more and grade 1-3 a score below 4 (3.5 is borderline, grade 3), as
 * in latest_stage and the stage transition matrix.
 */
export function gcp2HighToLow(ctx: IndicatorContext, filters: Filters) {
  const { db } = ctx;
  return db
    .with('pairs', () => readingPairs(ctx, filters))
    .with('counted', (qb) =>
      qb
        .selectFrom('pairs')
        .where('tool', '=', 'gcp2')
        .select([
          'tool',
          'edition',
          'area',
          sql<number>`count(*)::INTEGER`.as('n_pairs'),
          sql<number>`count(*) filter (where baseline_score >= 4)::INTEGER`.as('n_high_at_baseline'),
          sql<number>`count(*) filter (where baseline_score >= 4 and latest_score < 4)::INTEGER`.as('n_high_to_low'),
        ])
        .groupBy(['tool', 'edition', 'area']),
    )
    .selectFrom('counted')
    .selectAll()
    .select(sql<number | null>`100.0 * n_high_to_low / nullif(n_high_at_baseline, 0)`.as('pct_high_to_low'))
    .orderBy('edition')
    .orderBy('area');
}
