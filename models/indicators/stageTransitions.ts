import { sql } from 'kysely';
import { editionStages } from './editionStages.ts';
import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { readingPairs } from './readingPairs.ts';

/**
 * The stage transition matrix (indicators.md section 2): for each tool, edition and area
 * with staged pairs under `filters`, how many subjects went from each baseline stage to
 * each latest stage. Every cell of the tool's stages is present, zeros included, so the
 * matrix is complete; tools without stages (Family Circle) have no rows.
 */
export function stageTransitions(ctx: IndicatorContext, filters: Filters) {
  const { db } = ctx;
  return db
    .with('pairs', () => readingPairs(ctx, filters))
    .with('staged', (qb) => qb.selectFrom('pairs').selectAll().where('baseline_stage', 'is not', null).where('latest_stage', 'is not', null))
    .with('groups', (qb) =>
      qb.selectFrom('staged').select(['tool', 'edition', 'area', sql<number>`count(*)::INTEGER`.as('n_pairs')]).groupBy(['tool', 'edition', 'area']),
    )
    .with('stages', (qb) => editionStages(ctx, qb, 'groups'))
    .with('cells', (qb) =>
      qb
        .selectFrom('staged')
        .select(['tool', 'edition', 'area', 'baseline_stage', 'latest_stage', sql<number>`count(*)::INTEGER`.as('n_subjects')])
        .groupBy(['tool', 'edition', 'area', 'baseline_stage', 'latest_stage']),
    )
    .with('grid', (qb) =>
      qb
        .selectFrom('groups as g')
        .innerJoin('stages as b', (j) => j.onRef('b.tool', '=', 'g.tool').onRef('b.edition', '=', 'g.edition'))
        .innerJoin('stages as l', (j) => j.onRef('l.tool', '=', 'g.tool').onRef('l.edition', '=', 'g.edition'))
        .leftJoin('cells as c', (j) =>
          j
            .onRef('c.tool', '=', 'g.tool')
            .onRef('c.edition', '=', 'g.edition')
            .onRef('c.area', '=', 'g.area')
            .onRef('c.baseline_stage', '=', 'b.stage')
            .onRef('c.latest_stage', '=', 'l.stage'),
        )
        .select([
          'g.tool',
          'g.edition',
          'g.area',
          'b.stage as baseline_stage',
          'b.stage_rank as baseline_stage_rank',
          'l.stage as latest_stage',
          'l.stage_rank as latest_stage_rank',
          sql<number>`coalesce(c.n_subjects, 0)::INTEGER`.as('n_subjects'),
          'g.n_pairs',
        ]),
    )
    .selectFrom('grid')
    .selectAll()
    .select([
      sql<number>`sum(n_subjects) over (partition by tool, edition, area, baseline_stage)::INTEGER`.as('n_baseline_stage'),
      sql<number | null>`100.0 * n_subjects / nullif(sum(n_subjects) over (partition by tool, edition, area, baseline_stage), 0)`.as(
        'pct_of_baseline_stage',
      ),
    ])
    .orderBy('tool')
    .orderBy('edition')
    .orderBy('area')
    .orderBy('baseline_stage_rank')
    .orderBy('latest_stage_rank');
}
