import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 3: per episode and standard, a start date, a due date, the date it
// was done and a status; compliance = met / (met + late + missed). Status rules, in order:
// - not_applicable: the standard belongs to the episode's service but its clock never
//   started (never allocated, no face-to-face contact yet for the TAF clock, still open
//   for the closure summary, not yet 12 months open, never on the waiting list, ...);
// - met: done on or before the due date (done ON the due date is met);
// - late: done after the due date;
// - missed: not done and the due date is before the extract date ("today"), or the episode
//   closed without it; the closure summary, whose clock starts at closing, is exempt from
//   the second rule;
// - pending: not done, due today or later, and the episode not closed.
// The return home interview is timed in elapsed hours against its due instant and is
// owed to the child whatever happens to the episode, so only the due rule can make it
// missed; "today" covers the whole extract date, so a due time on that date is pending.
// days_late: for late, days from due to done (for the return home interview, whole days
// rounded up from the hours late); for missed, days from the due date to the extract date
// (days overdue as of today); otherwise null.
const statuses = ['met', 'late', 'missed', 'pending', 'not_applicable'] as const;

export default defineModel({
  name: 'mart_practice_standards',
  layer: 'marts',
  grain: 'one row per episode, standard and occurrence (return home interviews: per found event of a person)',
  materialized: 'table',
  description:
    "Every practice standard of every episode's service (indicators.md section 3): when its clock started, when it was due, when it was done and its status as of the extract date. Repeating standards have a row per gap; the return home interview has a row per found event, attached to the person's open episode when there was one. Standards that never started are kept as not_applicable.",
  columns: {
    episode_id: 'Episode; null for a return home interview when the person had no open episode',
    standard: 'Standard code (indicators.md section 3)',
    occurrence:
      'Which occurrence: 1 for a standard measured once, the gap number for a repeating one, the found event number of the person for the return home interview; null when not applicable',
    person_id: 'The young person of a youth service episode, or the person found (return home interview); null for family-level rows',
    family_id: 'Family',
    service: 'Service of the episode; null for a return home interview with no episode',
    team: 'Team of the episode',
    locality: "Locality of the episode, else the family's",
    worker_id: 'Allocated practitioner of the episode',
    episode_status: 'Status of the episode as of the extract date (waiting, open, closed, not_allocated)',
    start_on: 'When the clock started; null when not applicable',
    due_on: 'When the standard fell due; null when not applicable',
    done_on: 'When it was done; null if not (yet)',
    status: `${statuses.join(', ')} (rules in the model description)`,
    days_late: 'late: days from due to done (return home interview: whole days rounded up from the hours); missed: days from due to the extract date; else null',
    clock_days: 'Days allowed by the clock in force (configured)',
    working_days: 'The clock counts working days (no weekends or bank holidays)',
    start_at: 'Return home interview only: when the person was found (London local time)',
    due_at: 'Return home interview only: found time + the clock in elapsed hours (London local time)',
    done_at: 'Return home interview only: when the interview happened (London local time)',
  },
  query: ({ ref, db }) =>
    db
      .with('episode_rows', (qb) =>
        qb
          .selectFrom(ref('int_episode_standards').as('s'))
          .innerJoin(ref('int_episodes').as('e'), 'e.episode_id', 's.episode_id')
          .leftJoin(ref('int_standard_occurrences').as('o'), (j) =>
            j.onRef('o.episode_id', '=', 's.episode_id').onRef('o.standard', '=', 's.standard'),
          )
          .select([
            's.episode_id',
            's.standard',
            'o.occurrence',
            'e.subject_person_id as person_id',
            'e.family_id',
            'e.service',
            'e.team',
            'e.locality',
            'e.worker_id',
            'e.status as episode_status',
            'o.start_on',
            'o.due_on',
            'o.done_on',
            sql<string>`case
              when o.start_on is null then 'not_applicable'
              when o.done_on <= o.due_on then 'met'
              when o.done_on is not null then 'late'
              when o.due_on < e.extracted_on then 'missed'
              when e.closed_on is not null and s.start <> 'closed_on' then 'missed'
              else 'pending'
            end`.as('status'),
            'e.extracted_on',
            's.clock_days',
            's.working_days',
            sql<Date | null>`null::TIMESTAMP`.as('start_at'),
            sql<Date | null>`null::TIMESTAMP`.as('due_at'),
            sql<Date | null>`null::TIMESTAMP`.as('done_at'),
          ]),
      )
      .with('rhi_rows', (qb) =>
        qb
          .selectFrom(ref('int_return_home_interviews').as('r'))
          .innerJoin(ref('stg_families').as('f'), 'f.family_id', 'r.family_id')
          .innerJoin(ref('int_practice_standard_clocks').as('c'), (j) =>
            j.on('c.standard', '=', 'return_home_interview').on('c.service', '=', 'all'),
          )
          .leftJoin(ref('int_episodes').as('e'), 'e.episode_id', 'r.episode_id')
          .leftJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
          .select([
            'r.episode_id',
            sql<string>`'return_home_interview'`.as('standard'),
            'r.occurrence',
            'r.person_id',
            'r.family_id',
            'e.service',
            'e.team',
            sql<string>`coalesce(e.locality, f.locality)`.as('locality'),
            'e.worker_id',
            'e.status as episode_status',
            sql<string>`r.found_at::DATE`.as('start_on'),
            sql<string>`r.due_at::DATE`.as('due_on'),
            sql<string | null>`r.rhi_at::DATE`.as('done_on'),
            sql<string>`case
              when r.rhi_at <= r.due_at then 'met'
              when r.rhi_at is not null then 'late'
              when r.due_at::DATE < m.extracted_on then 'missed'
              else 'pending'
            end`.as('status'),
            'm.extracted_on',
            'c.clock_days',
            'c.working_days',
            'r.found_at as start_at',
            'r.due_at',
            'r.rhi_at as done_at',
          ]),
      )
      .with('all_rows', (qb) => qb.selectFrom('episode_rows').selectAll().unionAll(qb.selectFrom('rhi_rows').selectAll()))
      .selectFrom('all_rows')
      .select([
        'episode_id',
        'standard',
        'occurrence',
        'person_id',
        'family_id',
        'service',
        'team',
        'locality',
        'worker_id',
        'episode_status',
        'start_on',
        'due_on',
        'done_on',
        'status',
        sql<number | null>`case
          when status = 'late' and done_at is not null then ceil(date_diff('second', due_at, done_at) / 86400.0)::INTEGER
          when status = 'late' then date_diff('day', due_on, done_on)::INTEGER
          when status = 'missed' then greatest(0, date_diff('day', due_on, extracted_on))::INTEGER
        end`.as('days_late'),
        'clock_days',
        'working_days',
        'start_at',
        'due_at',
        'done_at',
      ])
      // Stored by service and due date first: the dashboard filters on both, and DuckDB skips
      // blocks whose min/max (zone maps) exclude the filter, so a period of one service reads a slice.
      .orderBy('service').orderBy('due_on').orderBy('standard').orderBy('episode_id').orderBy('person_id').orderBy('occurrence'),
  tests: [
    { unique: ['standard', 'episode_id', 'person_id', 'occurrence'] },
    { not_null: ['standard', 'family_id', 'locality', 'status', 'clock_days', 'working_days'] },
    { accepted_values: { column: 'status', values: statuses } },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { relationships: { column: 'standard', to: 'int_practice_standard_clocks', field: 'standard' } },
    { expression: "standard = 'return_home_interview' or episode_id is not null", name: 'episode rows have an episode' },
    { expression: "(status = 'not_applicable') = (start_on is null)", name: 'not applicable exactly when the clock never started' },
    { expression: "status = 'not_applicable' or due_on >= start_on", name: 'due on or after the start' },
    { expression: "(status in ('met', 'late')) = (done_on is not null)", name: 'met and late rows are done' },
    { expression: "(status in ('late', 'missed')) = (days_late is not null)", name: 'days late for late and missed rows' },
    { expression: 'coalesce(days_late, 0) >= 0', name: 'days late not negative' },
    { expression: "status <> 'pending' or episode_status <> 'closed' or standard in ('closure_summary', 'return_home_interview')", name: 'closed episodes have nothing pending but the closure summary' },
  ],
});
