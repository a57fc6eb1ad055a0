import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// The return home interview standard (indicators.md section 3: "return_home_interview after
// found, all (person-level), 72 hours from the found event"). Timed in elapsed hours, not
// days: occurred_at is London local time, so both ends are turned into instants before
// adding the hours, and a clock change inside the 72 hours is counted as it happened.
// - The interview for a found event is the person's first return_home_interview at or after
//   it and before their next (later) found event, so each found event gets its own.
//   `declined` counts as done: the interview was offered in time.
// - It belongs to the episode the found event names, else the person's open episode at the
//   time: allocated on or before that day and not closed by it (closed_on > the day, as
//   for caseloads), the young person's own episode first, then the family's; among
//   several, the latest allocated. None: episode_id is null.
export default defineModel({
  name: 'int_return_home_interviews',
  layer: 'intermediate',
  grain: 'one row per found event of a person',
  materialized: 'table',
  description:
    "Each found event with the return home interview that followed it (the person's first one before they were next found), the elapsed-hours clock from the configuration, and the episode the person had open at the time.",
  columns: {
    found_event_id: 'The found event',
    person_id: 'The person found',
    family_id: "The person's family",
    occurrence: "Number of this found event among the person's found events, in time order",
    episode_id: 'The episode the found event names, else the person\'s open episode at the time; null when none',
    found_at: 'When the person was found (London local time)',
    due_at: 'found_at + clock_hours elapsed hours (London local time)',
    rhi_event_id: 'The return home interview event that answers it; null if none',
    rhi_at: 'When that interview happened (London local time)',
    rhi_detail: 'completed or declined',
    clock_hours: 'Hours allowed (configured return_home_interview clock, days x 24)',
  },
  query: ({ ref, db }) =>
    db
      .with('clock', (qb) =>
        qb
          .selectFrom(ref('int_practice_standard_clocks').as('c'))
          .where('c.standard', '=', 'return_home_interview')
          .where('c.service', '=', 'all')
          .select('c.clock_hours'),
      )
      .with('found', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .innerJoin(ref('stg_people').as('p'), 'p.person_id', 'ev.person_id')
          .where('ev.event_type', '=', 'found')
          .select([
            'ev.event_id as found_event_id',
            'ev.person_id',
            'p.family_id',
            'ev.episode_id as named_episode_id',
            'ev.occurred_at as found_at',
            'ev.occurred_on as found_on',
            sql<number>`row_number() over (partition by ev.person_id order by ev.occurred_at, ev.event_id)::INTEGER`.as('occurrence'),
          ]),
      )
      .with('next_found', (qb) =>
        qb
          .selectFrom('found as f')
          .leftJoin('found as later', (j) => j.onRef('later.person_id', '=', 'f.person_id').onRef('later.found_at', '>', 'f.found_at'))
          .groupBy('f.found_event_id')
          .select(['f.found_event_id', sql<Date | null>`min(later.found_at)`.as('next_found_at')]),
      )
      .with('interviews', (qb) =>
        qb
          .selectFrom('found as f')
          .innerJoin('next_found as n', 'n.found_event_id', 'f.found_event_id')
          .innerJoin(ref('stg_events').as('r'), (j) =>
            j
              .onRef('r.person_id', '=', 'f.person_id')
              .on('r.event_type', '=', 'return_home_interview')
              .onRef('r.occurred_at', '>=', 'f.found_at')
              .on(sql<boolean>`(n.next_found_at is null or r.occurred_at < n.next_found_at)`),
          )
          .select([
            'f.found_event_id',
            'r.event_id as rhi_event_id',
            'r.occurred_at as rhi_at',
            'r.detail as rhi_detail',
            sql<number>`row_number() over (partition by f.found_event_id order by r.occurred_at, r.event_id)`.as('pick'),
          ]),
      )
      // Performance: the episode is matched in two equi-joins, the young person's own episodes
      // on person_id and family episodes (no subject) on family_id, rather than one join on
      // `subject = person or (no subject and family = family)`. DuckDB cannot hash on an OR,
      // so that join fell back to a range join on the dates alone (~1 billion pairs on the
      // 2M-event bench, 6.5 s). The two halves are disjoint, so their union is the same set.
      .with('episode_candidates', (qb) =>
        qb
          .selectFrom('found as f')
          .innerJoin(ref('int_episodes').as('e'), 'e.subject_person_id', 'f.person_id')
          .whereRef('e.allocated_on', '<=', 'f.found_on')
          .where(sql<boolean>`(e.closed_on is null or e.closed_on > f.found_on)`)
          .select(['f.found_event_id', 'e.episode_id', 'e.subject_person_id', 'e.allocated_on'])
          .unionAll(
            qb
              .selectFrom('found as f')
              .innerJoin(ref('int_episodes').as('e'), 'e.family_id', 'f.family_id')
              .where('e.subject_person_id', 'is', null)
              .whereRef('e.allocated_on', '<=', 'f.found_on')
              .where(sql<boolean>`(e.closed_on is null or e.closed_on > f.found_on)`)
              .select(['f.found_event_id', 'e.episode_id', 'e.subject_person_id', 'e.allocated_on']),
          ),
      )
      .with('open_episodes', (qb) =>
        qb
          .selectFrom('episode_candidates as e')
          .select([
            'e.found_event_id',
            'e.episode_id',
            sql<number>`row_number() over (partition by e.found_event_id
              order by (e.subject_person_id is not null) desc, e.allocated_on desc, e.episode_id)`.as('pick'),
          ]),
      )
      .selectFrom('found as f')
      .leftJoin('clock as c', (j) => j.onTrue())
      .leftJoin('interviews as i', (j) => j.onRef('i.found_event_id', '=', 'f.found_event_id').on('i.pick', '=', 1))
      .leftJoin('open_episodes as o', (j) => j.onRef('o.found_event_id', '=', 'f.found_event_id').on('o.pick', '=', 1))
      .select([
        'f.found_event_id',
        'f.person_id',
        'f.family_id',
        'f.occurrence',
        sql<string | null>`coalesce(f.named_episode_id, o.episode_id)`.as('episode_id'),
        'f.found_at',
        sql<Date>`timezone('Europe/London', timezone('Europe/London', f.found_at) + to_hours(c.clock_hours))`.as('due_at'),
        'i.rhi_event_id',
        'i.rhi_at',
        'i.rhi_detail',
        'c.clock_hours',
      ])
      .orderBy('f.person_id').orderBy('f.occurrence'),
  tests: [
    { unique: 'found_event_id' },
    { unique: ['person_id', 'occurrence'] },
    { not_null: ['found_event_id', 'person_id', 'family_id', 'found_at', 'due_at', 'clock_hours'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { expression: 'rhi_at is null or rhi_at >= found_at', name: 'interview after the found event' },
  ],
});
