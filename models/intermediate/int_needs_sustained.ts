import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 1, need sustained: met, and a met/sustained review dated at least
// `sustainedMonths` (config) after the closing date of the family's episode in which the
// need was identified (or, where the need names none, the family's latest closed
// episode). An open episode has no sustained needs.
//
// Reading of "at least N months after": reviewed_on >= closed_on + INTERVAL N MONTH, in
// calendar months. A review exactly N months after closing counts, one day earlier does
// not (closed 2024-01-31, 6 months: 2024-07-31 counts, 2024-07-30 does not). Where the
// target month is shorter, DuckDB clamps to its last day (closed 2024-08-31 -> 2025-02-28).
//
// Reading of "a review with status met or sustained": it must belong to the need's final
// unbroken run of met/sustained reviews (reviewed_on >= met_on). A met review six months
// after closing that was followed by a relapse did not show the need staying met, so it
// cannot evidence sustainment; the sustained date is the first qualifying review of the
// run that is still current.
export default defineModel({
  name: 'int_needs_sustained',
  layer: 'intermediate',
  grain: 'one row per need',
  materialized: 'table',
  description:
    "Each need with the episode its sustainment is measured from (the episode it was identified in, else the family's latest closed episode), the date from which a met review shows it sustained (that episode's closing date plus supportingFamilies.sustainedMonths), and whether and when it was sustained.",
  columns: {
    need_id: 'Need identifier',
    family_id: 'Family',
    episode_id: 'Episode in which the need was identified; null when the case system did not say',
    headline: 'Supporting Families headline outcome',
    need_code: 'Local descriptor of the need',
    identified_on: 'Date identified',
    person_id: 'The family member the need concerns',
    review_count: 'Number of reviews of the need',
    latest_reviewed_on: 'Date of the latest review; null when never reviewed',
    latest_status: 'Status of the latest review; null when never reviewed',
    is_live: 'The latest review is not withdrawn (true when never reviewed)',
    is_met: 'The latest review is met or sustained',
    met_on: 'First review of the final unbroken run of met/sustained reviews; null unless is_met',
    reference_episode_id:
      "Episode sustainment is measured from: episode_id when given, else the family's latest closed episode; null when neither exists",
    reference_episode_from: "'identified_in' (the need's own episode) or 'latest_closed' (the family's latest closed episode); null when none",
    reference_closed_on: "Closing date of the reference episode; null while it is open (then nothing is sustained)",
    sustainable_from: 'reference_closed_on plus sustainedMonths calendar months: the first date a met review can show the need sustained',
    is_sustained: 'Met, and a review of the final met run is dated on or after sustainable_from',
    sustained_on: 'The first such review; null unless is_sustained',
  },
  query: ({ ref, db, config }) =>
    db
      .with('needs', (qb) => qb.selectFrom(ref('int_needs_latest_review').as('n')).selectAll('n'))
      // A family's latest closed episode, for needs that do not name their own.
      .with('latest_closed', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .select([
            'e.family_id',
            'e.episode_id',
            'e.closed_on',
            sql<number>`row_number() over (partition by e.family_id order by e.closed_on desc, e.episode_id desc)`.as('recency'),
          ])
          .where('e.status', '=', 'closed'),
      )
      .with('referenced', (qb) =>
        qb
          .selectFrom('needs as n')
          .leftJoin(ref('int_episodes').as('own'), 'own.episode_id', 'n.episode_id')
          .leftJoin('latest_closed as lc', (j) => j.onRef('lc.family_id', '=', 'n.family_id').on('lc.recency', '=', 1))
          .selectAll('n')
          .select([
            sql<string | null>`case when n.episode_id is not null then n.episode_id else lc.episode_id end`.as('reference_episode_id'),
            sql<string | null>`case when n.episode_id is not null then 'identified_in' when lc.episode_id is not null then 'latest_closed' end`.as(
              'reference_episode_from',
            ),
            // The need's own episode decides even when it is still open: then nothing is sustained.
            sql<string | null>`case when n.episode_id is not null then own.closed_on else lc.closed_on end`.as('reference_closed_on'),
          ]),
      )
      .with('dated', (qb) =>
        qb
          .selectFrom('referenced')
          .selectAll()
          .select(
            sql<string | null>`(reference_closed_on + to_months(${sql.lit(config.supportingFamilies.sustainedMonths)}))::DATE`.as(
              'sustainable_from',
            ),
          ),
      )
      .with('first_sustaining', (qb) =>
        qb
          .selectFrom('dated as d')
          .innerJoin(ref('stg_need_reviews').as('r'), 'r.need_id', 'd.need_id')
          .select(['d.need_id', sql<string>`min(r.reviewed_on)`.as('sustained_on')])
          .where(sql<boolean>`d.is_met and r.status in ('met', 'sustained') and r.reviewed_on >= d.met_on and r.reviewed_on >= d.sustainable_from`)
          .groupBy('d.need_id'),
      )
      .selectFrom('dated as d')
      .leftJoin('first_sustaining as s', 's.need_id', 'd.need_id')
      .select([
        'd.need_id',
        'd.family_id',
        'd.episode_id',
        'd.headline',
        'd.need_code',
        'd.identified_on',
        'd.person_id',
        'd.review_count',
        'd.latest_reviewed_on',
        'd.latest_status',
        'd.is_live',
        'd.is_met',
        'd.met_on',
        'd.reference_episode_id',
        'd.reference_episode_from',
        'd.reference_closed_on',
        'd.sustainable_from',
        sql<boolean>`s.sustained_on is not null`.as('is_sustained'),
        's.sustained_on',
      ]),
  tests: [
    { unique: 'need_id' },
    { not_null: ['need_id', 'family_id', 'headline', 'is_live', 'is_met', 'is_sustained'] },
    { accepted_values: { column: 'reference_episode_from', values: ['identified_in', 'latest_closed'] } },
    { expression: 'is_met or not is_sustained', name: 'sustained needs are met' },
    { expression: 'sustained_on is null or (sustained_on >= met_on and sustained_on >= sustainable_from)', name: 'sustained inside the final run, after the wait' },
    { expression: 'is_sustained = (sustained_on is not null)', name: 'sustained exactly when dated' },
  ],
});
