import { sql, type QueryCreator } from 'kysely';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * The stages of each (tool, edition) in the CTE named `groups` (which has tool and
 * edition columns): the seed's edition-less rows, except where the edition has its own
 * row for the same scores (edition 2 Outcome Stars call the top stage self_reliance).
 * Used to lay out every stage, zeros included, in transition matrices and stage profiles.
 */
export function editionStages(ctx: IndicatorContext, qb: QueryCreator<any>, groups: string) {
  const stages = ctx.ref('seed_journey_stages');
  return qb
    .selectFrom(`${groups} as g`)
    .innerJoin(stages.as('s'), (j) =>
      j.onRef('s.tool', '=', 'g.tool').on(
        sql<boolean>`(s.edition = g.edition or (s.edition is null and not exists (
          select 1 from ${stages} o where o.tool = s.tool and o.edition = g.edition and o.score_from = s.score_from)))`,
      ),
    )
    .select(['g.tool', 'g.edition', 's.stage', 's.stage_rank'])
    .distinct();
}
