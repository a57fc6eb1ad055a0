import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 1: a need is live unless its latest review withdrew it, and met
// when its latest review is met or sustained. The met date is the start of the final
// unbroken run of met/sustained reviews: a need that was met, slipped and recovered is
// dated from the recovery, because the earlier run did not last.
export default defineModel({
  name: 'int_needs_latest_review',
  layer: 'intermediate',
  grain: 'one row per need',
  materialized: 'view',
  description:
    'Each Supporting Families need with its latest review, whether it is live (latest review not withdrawn; a need never reviewed is live) and met (latest review met or sustained), and the date it was met: the first review of the final unbroken run of met/sustained reviews.',
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
  },
  query: ({ ref, db }) =>
    db
      .with('reviews', (qb) =>
        qb
          .selectFrom(ref('stg_need_reviews').as('r'))
          .select([
            'r.need_id',
            'r.reviewed_on',
            'r.status',
            sql<boolean>`r.status in ('met', 'sustained')`.as('met_status'),
            // (need_id, reviewed_on) is unique (stg_need_reviews test), so "latest" is one row.
            sql<number>`row_number() over (partition by r.need_id order by r.reviewed_on desc)`.as('recency'),
          ]),
      )
      .with('latest', (qb) =>
        qb
          .selectFrom('reviews')
          .select(['need_id', 'reviewed_on as latest_reviewed_on', 'status as latest_status'])
          .where('recency', '=', 1),
      )
      .with('review_counts', (qb) =>
        qb.selectFrom('reviews').select(['need_id', sql<number>`count(*)::INTEGER`.as('review_count')]).groupBy('need_id'),
      )
      // Any review that is not met/sustained (no_progress, some_progress, worse, withdrawn)
      // breaks a run; the final run starts after the last break.
      .with('last_break', (qb) =>
        qb
          .selectFrom('reviews')
          .select(['need_id', sql<string>`max(reviewed_on)`.as('last_break_on')])
          .where(sql<boolean>`not met_status`)
          .groupBy('need_id'),
      )
      .with('final_run', (qb) =>
        qb
          .selectFrom('reviews as r')
          .leftJoin('last_break as b', 'b.need_id', 'r.need_id')
          .select(['r.need_id', sql<string>`min(r.reviewed_on)`.as('met_on')])
          .where(sql<boolean>`r.met_status and (b.last_break_on is null or r.reviewed_on > b.last_break_on)`)
          .groupBy('r.need_id'),
      )
      .selectFrom(ref('stg_family_needs').as('n'))
      .leftJoin('latest as l', 'l.need_id', 'n.need_id')
      .leftJoin('review_counts as c', 'c.need_id', 'n.need_id')
      .leftJoin('final_run as f', 'f.need_id', 'n.need_id')
      .select([
        'n.need_id',
        'n.family_id',
        'n.episode_id',
        'n.headline',
        'n.need_code',
        'n.identified_on',
        'n.person_id',
        sql<number>`coalesce(c.review_count, 0)`.as('review_count'),
        'l.latest_reviewed_on',
        'l.latest_status',
        sql<boolean>`coalesce(l.latest_status <> 'withdrawn', true)`.as('is_live'),
        sql<boolean>`coalesce(l.latest_status in ('met', 'sustained'), false)`.as('is_met'),
        // The final run is non-empty exactly when the latest review is met/sustained.
        'f.met_on',
      ]),
  tests: [
    { unique: 'need_id' },
    { not_null: ['need_id', 'family_id', 'headline', 'identified_on', 'review_count', 'is_live', 'is_met'] },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
    { expression: 'is_met = (met_on is not null)', name: 'met exactly when dated' },
    { expression: 'met_on is null or met_on <= latest_reviewed_on', name: 'met_on not after the latest review' },
    { expression: 'is_live or not is_met', name: 'a withdrawn need is not met' },
  ],
});
