import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_episodes',
  layer: 'intermediate',
  grain: 'one row per episode',
  materialized: 'view',
  description:
    "Episodes with their locality resolved (the episode's, else the family's), their status as of the extract date and how long they have been open. The base of every episode-level mart.",
  columns: {
    episode_id: 'Episode identifier',
    family_id: 'Family',
    subject_person_id: 'The young person, for youth service episodes',
    service: 'Service code',
    team: 'Team',
    locality: "The episode's locality, else the family's",
    worker_id: 'Allocated practitioner',
    referral_on: 'Request for support received',
    decision: 'Manager decision on the referral',
    decision_on: 'Date of the manager decision',
    allocated_on: 'Date allocated to a practitioner',
    closed_on: 'Closure date; null while open',
    closure_reason: 'Why the episode closed',
    extracted_on: 'The extract date ("today")',
    status:
      'not_allocated: decided needs_other_service, no_service or returned_to_front_door and never allocated; closed: has a closing date; open: allocated and not closed; waiting: none of these (decided waiting_list, or not yet decided)',
    ended_on: 'When the involvement ended: closed_on; for not_allocated without one, decision_on; else null',
    days_open: 'Days from referral_on to ended_on, or to the extract date while not ended',
  },
  query: ({ ref, db }) =>
    db
      .with('episodes', (qb) =>
        qb
          .selectFrom(ref('stg_episodes').as('e'))
          .leftJoin(ref('stg_families').as('f'), 'f.family_id', 'e.family_id')
          .select([
            'e.episode_id',
            'e.family_id',
            'e.subject_person_id',
            'e.service',
            'e.team',
            sql<string>`coalesce(e.episode_locality, f.locality)`.as('locality'),
            'e.worker_id',
            'e.referral_on',
            'e.decision',
            'e.decision_on',
            'e.allocated_on',
            'e.closed_on',
            'e.closure_reason',
          ]),
      )
      // Left join: an empty manifest leaves today unknown, it must not drop every episode.
      .with('as_of', (qb) =>
        qb
          .selectFrom('episodes as e')
          .leftJoin(ref('stg_extract_manifest').as('m'), (join) => join.onTrue())
          .selectAll('e')
          .select('m.extracted_on'),
      )
      .with('with_status', (qb) =>
        qb.selectFrom('as_of').selectAll().select(
          sql<string>`case
            when allocated_on is null and decision in ('needs_other_service', 'no_service', 'returned_to_front_door') then 'not_allocated'
            when closed_on is not null then 'closed'
            when allocated_on is not null then 'open'
            else 'waiting'
          end`.as('status'),
        ),
      )
      .with('with_end', (qb) =>
        qb.selectFrom('with_status').selectAll().select(
          sql<string | null>`case
            when closed_on is not null then closed_on
            when status = 'not_allocated' then decision_on
          end`.as('ended_on'),
        ),
      )
      .selectFrom('with_end')
      .selectAll()
      .select(sql<number>`date_diff('day', referral_on, coalesce(ended_on, extracted_on))::INTEGER`.as('days_open')),
  tests: [
    { unique: 'episode_id' },
    { not_null: ['episode_id', 'locality', 'status'] },
    { accepted_values: { column: 'status', values: ['waiting', 'open', 'closed', 'not_allocated'] } },
  ],
});
