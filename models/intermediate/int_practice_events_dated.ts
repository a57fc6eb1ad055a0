import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';
import { standardDones } from './int_practice_standard_clocks.ts';

// Each "done" code of the seed practice_standards, as dates per episode, so a standard
// finds what meets it by code alone. Derived codes (indicators.md section 3 table):
// - contact_face_to_face: "first face-to-face or home visit contact" -- a `contact` whose
//   channel is face_to_face or home_visit (also the start of the TAF clock);
// - taf_meeting_or_plan_review: the review chain ("each gap between taf_meeting/plan_review
//   events");
// - family_circle_reading: a Family Circle reading in assessments (one per assessment_id;
//   retrospective readings count, because the reading was still taken on assessed_on);
// - decision_on: the manager's decision on the referral.
// A date is enough for every code here: the one standard timed in hours (return home
// interview) is person-level and reads the events itself.
const eventTypes = [
  'contact',
  'management_oversight',
  'assessment_completed',
  'taf_meeting',
  'case_supervision',
  'waiting_list_review',
  'closure_summary',
] as const;

export default defineModel({
  name: 'int_practice_events_dated',
  layer: 'intermediate',
  grain: 'one row per episode, done code and date',
  materialized: 'table',
  description:
    'The dates on which something that can meet a practice standard happened in an episode, by the done code of the seed practice_standards: practice event types, face-to-face contacts, review meetings (TAF or plan review), Family Circle readings and the referral decision.',
  columns: {
    episode_id: 'Episode',
    done_code: 'What happened, as the seed practice_standards.done names it',
    done_on: 'The local date it happened',
  },
  query: ({ ref, db }) =>
    db
      .with('events', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .select(['ev.episode_id', 'ev.event_type', 'ev.detail', 'ev.occurred_on'])
          .where('ev.episode_id', 'is not', null)
          .where('ev.event_type', 'in', [...eventTypes, 'plan_review']),
      )
      .with('dated', (qb) =>
        qb
          .selectFrom('events')
          .select(['episode_id', 'event_type as done_code', 'occurred_on as done_on'])
          .where('event_type', 'in', [...eventTypes])
          .unionAll(
            qb
              .selectFrom('events')
              .select(['episode_id', sql.lit('contact_face_to_face').as('done_code'), 'occurred_on as done_on'])
              .where('event_type', '=', 'contact')
              .where('detail', 'in', ['face_to_face', 'home_visit']),
          )
          .unionAll(
            qb
              .selectFrom('events')
              .select(['episode_id', sql.lit('taf_meeting_or_plan_review').as('done_code'), 'occurred_on as done_on'])
              .where('event_type', 'in', ['taf_meeting', 'plan_review']),
          )
          .unionAll(
            qb
              .selectFrom(ref('stg_assessments').as('a'))
              .select(['a.episode_id', sql.lit('family_circle_reading').as('done_code'), 'a.assessed_on as done_on'])
              .where('a.tool', '=', 'family_circle'),
          )
          .unionAll(
            qb
              .selectFrom(ref('stg_episodes').as('e'))
              .select(['e.episode_id', sql.lit('decision_on').as('done_code'), 'e.decision_on as done_on'])
              .where('e.decision_on', 'is not', null),
          ),
      )
      .selectFrom('dated')
      .select(['episode_id', sql<string>`done_code::VARCHAR`.as('done_code'), sql<string>`done_on::DATE`.as('done_on')])
      .distinct(),
  tests: [
    { unique: ['episode_id', 'done_code', 'done_on'] },
    { not_null: ['episode_id', 'done_code', 'done_on'] },
    { relationships: { column: 'episode_id', to: 'stg_episodes', field: 'episode_id' } },
    { accepted_values: { column: 'done_code', values: standardDones } },
  ],
});
