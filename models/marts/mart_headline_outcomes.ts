import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 1, by headline: for each headline, the families with a live need
// in it, whether all their needs in that headline are met, and sustained. A headline is
// met (sustained) when its last need is, so its dates are the latest of its needs'.
export default defineModel({
  name: 'mart_headline_outcomes',
  layer: 'marts',
  grain: 'one row per family and headline in which the family has a live need',
  materialized: 'table',
  description:
    "Supporting Families outcomes per family and headline (indicators.md section 1): the family's live needs in the headline, how many are met and sustained, and when all of them were. Carries the family's eligibility and outcome episode for filtering.",
  columns: {
    family_id: 'Family',
    headline: 'Supporting Families headline outcome',
    live_needs: 'Live needs of the family in this headline (at least 1)',
    needs_met: 'Of those, needs whose latest review is met or sustained',
    needs_sustained: 'Of those, needs sustained',
    all_met: 'Every live need in the headline is met',
    all_sustained: 'Every live need in the headline is sustained',
    met_on: 'When the last of them was met (latest met date); null unless all_met',
    sustained_on: 'When the last of them was sustained (latest sustained date); null unless all_sustained',
    identified_on: 'When the first live need in the headline was identified',
    eligible: 'The family is eligible (mart_family_outcomes)',
    locality: "The family's locality",
    episode_id: "The family's outcome episode (mart_family_outcomes)",
    service: 'Service of the outcome episode',
    team: 'Team of the outcome episode',
  },
  query: ({ ref, db }) =>
    db
      .with('by_headline', (qb) =>
        qb
          .selectFrom(ref('int_needs_sustained').as('n'))
          .select([
            'n.family_id',
            'n.headline',
            sql<number>`count(*)::INTEGER`.as('live_needs'),
            sql<number>`count(*) filter (where n.is_met)::INTEGER`.as('needs_met'),
            sql<number>`count(*) filter (where n.is_sustained)::INTEGER`.as('needs_sustained'),
            sql<string | null>`max(n.met_on)`.as('latest_met_on'),
            sql<string | null>`max(n.sustained_on)`.as('latest_sustained_on'),
            sql<string>`min(n.identified_on)`.as('identified_on'),
          ])
          .where('n.is_live', '=', true)
          .groupBy(['n.family_id', 'n.headline']),
      )
      .with('flagged', (qb) =>
        qb
          .selectFrom('by_headline')
          .selectAll()
          .select([
            sql<boolean>`needs_met = live_needs`.as('all_met'),
            sql<boolean>`needs_sustained = live_needs`.as('all_sustained'),
          ]),
      )
      .selectFrom('flagged as h')
      .innerJoin(ref('mart_family_outcomes').as('f'), 'f.family_id', 'h.family_id')
      .select([
        'h.family_id',
        'h.headline',
        'h.live_needs',
        'h.needs_met',
        'h.needs_sustained',
        'h.all_met',
        'h.all_sustained',
        sql<string | null>`case when h.all_met then h.latest_met_on end`.as('met_on'),
        sql<string | null>`case when h.all_sustained then h.latest_sustained_on end`.as('sustained_on'),
        'h.identified_on',
        'f.eligible',
        'f.locality',
        'f.episode_id',
        'f.service',
        'f.team',
      ])
      // Stored by service and identification date first: the dashboard filters on both, and
      // DuckDB skips blocks whose min/max (zone maps) exclude the filter.
      .orderBy('f.service')
      .orderBy('h.identified_on')
      .orderBy('h.family_id')
      .orderBy('h.headline'),
  tests: [
    { unique: ['family_id', 'headline'] },
    { not_null: ['family_id', 'headline', 'live_needs', 'needs_met', 'needs_sustained', 'all_met', 'all_sustained', 'eligible'] },
    { relationships: { column: 'family_id', to: 'mart_family_outcomes', field: 'family_id' } },
    { relationships: { column: 'headline', to: 'seed_headlines', field: 'headline' } },
    { expression: 'live_needs >= 1 and needs_sustained <= needs_met and needs_met <= live_needs', name: 'sustained within met within live' },
    { expression: 'all_met = (met_on is not null)', name: 'all met exactly when dated' },
    { expression: 'all_sustained = (sustained_on is not null)', name: 'all sustained exactly when dated' },
  ],
});
