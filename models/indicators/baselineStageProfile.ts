import { sql } from 'kysely';
import { editionStages } from './editionStages.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { readingPairs } from './readingPairs.ts';

/**
 * The stage profile at baseline (indicators.md section 2): for each tool, edition and
 * area, the share of the subjects with a pair under `filters` whose baseline score was in
 * each stage. Every stage of the tool is listed, zeros included.
 */
export function baselineStageProfile(ctx: IndicatorContext, filters: Filters) {
  const { db } = ctx;
  return db
    .with('pairs', () => readingPairs(ctx, filters))
    .with('staged', (qb) => qb.selectFrom('pairs').selectAll().where('baseline_stage', 'is not', null))
    .with('groups', (qb) =>
      qb.selectFrom('staged').select(['tool', 'edition', 'area', sql<number>`count(*)::INTEGER`.as('n_pairs')]).groupBy(['tool', 'edition', 'area']),
    )
    .with('stages', (qb) => editionStages(ctx, qb, 'groups'))
    .with('counts', (qb) =>
      qb
        .selectFrom('staged')
        .select(['tool', 'edition', 'area', 'baseline_stage', sql<number>`count(*)::INTEGER`.as('n_subjects')])
        .groupBy(['tool', 'edition', 'area', 'baseline_stage']),
    )
    .selectFrom('groups as g')
    .innerJoin('stages as s', (j) => j.onRef('s.tool', '=', 'g.tool').onRef('s.edition', '=', 'g.edition'))
    .leftJoin('counts as c', (j) =>
      j.onRef('c.tool', '=', 'g.tool').onRef('c.edition', '=', 'g.edition').onRef('c.area', '=', 'g.area').onRef('c.baseline_stage', '=', 's.stage'),
    )
    .select([
      'g.tool',
      'g.edition',
      'g.area',
      's.stage',
      's.stage_rank',
      sql<number>`coalesce(c.n_subjects, 0)::INTEGER`.as('n_subjects'),
      'g.n_pairs',
      sql<number>`100.0 * coalesce(c.n_subjects, 0) / g.n_pairs`.as('pct_subjects'),
    ])
    .orderBy('g.tool')
    .orderBy('g.edition')
    .orderBy('g.area')
    .orderBy('s.stage_rank');
}
