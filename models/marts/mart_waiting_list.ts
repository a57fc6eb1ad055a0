import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 3: "the waiting list (count and age of episodes decided
// waiting_list and not yet allocated)". An episode leaves the list when it is allocated or
// closed. Its age is counted from the decision that put it on the list (from the referral
// when the decision has no date), to the extract date.
export default defineModel({
  name: 'mart_waiting_list',
  layer: 'marts',
  grain: 'one row per episode on the waiting list at the extract date',
  materialized: 'table',
  description:
    'Episodes decided waiting_list and neither allocated nor closed by the extract date, with how long they have waited and when their next waiting list review is due (indicators.md section 3).',
  columns: {
    episode_id: 'Episode',
    family_id: 'Family',
    person_id: 'The young person, for youth service episodes',
    service: 'Service',
    team: 'Team',
    locality: "The episode's locality, else the family's",
    referral_on: 'Request for support received',
    decision_on: 'When it was put on the waiting list',
    days_waiting: 'Days from decision_on (else referral_on) to the extract date',
    days_since_referral: 'Days from referral_on to the extract date',
    last_review_on: 'Latest waiting_list_review after the decision; null if none yet',
    next_review_due_on: 'When the next waiting list review is due (the open waiting_list_review gap); null where the service has no such standard',
    review_status: 'Status of that next review: pending, or missed when already overdue',
  },
  query: ({ ref, db }) =>
    db
      .with('waiting', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .where('e.decision', '=', 'waiting_list')
          .where('e.allocated_on', 'is', null)
          .where('e.closed_on', 'is', null)
          .selectAll('e'),
      )
      .with('reviews', (qb) =>
        qb
          .selectFrom(ref('int_practice_events_dated').as('d'))
          .innerJoin('waiting as w', 'w.episode_id', 'd.episode_id')
          .where('d.done_code', '=', 'waiting_list_review')
          .where(sql<boolean>`(w.decision_on is null or d.done_on > w.decision_on)`)
          .groupBy('d.episode_id')
          .select(['d.episode_id', sql<string>`max(d.done_on)`.as('last_review_on')]),
      )
      .with('next_review', (qb) =>
        qb
          .selectFrom(ref('mart_practice_standards').as('ps'))
          .where('ps.standard', '=', 'waiting_list_review')
          .where('ps.done_on', 'is', null)
          .where('ps.status', 'in', ['pending', 'missed'])
          .select(['ps.episode_id', 'ps.due_on', 'ps.status']),
      )
      .selectFrom('waiting as w')
      .leftJoin('reviews as r', 'r.episode_id', 'w.episode_id')
      .leftJoin('next_review as n', 'n.episode_id', 'w.episode_id')
      .select([
        'w.episode_id',
        'w.family_id',
        'w.subject_person_id as person_id',
        'w.service',
        'w.team',
        'w.locality',
        'w.referral_on',
        'w.decision_on',
        sql<number>`date_diff('day', coalesce(w.decision_on, w.referral_on), w.extracted_on)::INTEGER`.as('days_waiting'),
        sql<number>`date_diff('day', w.referral_on, w.extracted_on)::INTEGER`.as('days_since_referral'),
        'r.last_review_on',
        'n.due_on as next_review_due_on',
        'n.status as review_status',
      ])
      .orderBy('w.episode_id'),
  tests: [
    { unique: 'episode_id' },
    { not_null: ['episode_id', 'family_id', 'service', 'locality', 'referral_on', 'days_waiting'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { accepted_values: { column: 'review_status', values: ['pending', 'missed'] } },
    { expression: 'days_waiting >= 0', name: 'days waiting not negative' },
  ],
});
