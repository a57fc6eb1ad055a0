import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// Where each episode-level practice standard's clock started, when it fell due and when it
// was done (indicators.md section 3). Statuses are the mart's job; this model decides
// which occurrences exist.
//
// Standards measured once (repeats = false):
// - the clock starts on the seed's start date (referral_on, allocated_on, closed_on, or the
//   first face-to-face/home-visit contact on or after allocation), plus start_offset_days;
// - anything counted from allocation or from a contact needs an allocated episode; a
//   closure summary is owed only for an allocated episode that closed (a referral closed
//   at the decision was never worked);
// - a clock with an offset (the long case review: "once an episode passes 12 months
//   open") starts only if the episode was still open on day start + offset and that day
//   has come by the extract date;
// - done is the first date of the seed's done code on or after the start.
// Standards measured between occurrences (repeats = true), one row per gap:
// - review_interval: the chain of TAF meeting / plan review dates up to the closing date;
// - family_circle_interval: the chain of Family Circle reading dates up to the closing
//   date;
// - waiting_list_review: decision_on (decided waiting_list), then each waiting_list_review
//   after it, up to when the wait ended (allocation, else closure);
// each point starts the next gap, done by the next point. The last point opens a tail
// with no done date: it is kept while the chain runs (episode open, or still waiting), and
// after the chain ended only if it ended after the due date (closed or allocated without
// the review that was due, so missed); a chain that ended on or before the due date owed
// nothing more.
// Due dates: start + clock_days calendar days, or the working day numbered
// working_day_number(start) + clock_days in int_calendar_days.
export default defineModel({
  name: 'int_standard_occurrences',
  layer: 'intermediate',
  grain: 'one row per episode, standard and occurrence whose clock has started',
  materialized: 'table',
  description:
    'Each started clock of an episode-level practice standard: when it started, when it fell due (calendar or working days) and when it was done. Repeating standards (review interval, Family Circle interval, waiting list review) have one row per gap between occurrences, plus the open gap from the last one while it runs.',
  columns: {
    episode_id: 'Episode',
    standard: 'Standard code',
    occurrence: '1 for a standard measured once; for a repeating standard the number of the gap, in date order',
    start_on: 'When the clock started',
    due_on: 'When it fell due',
    done_on: 'When it was done; null if not (yet)',
    chain_ended_on:
      'Repeating standards: when the chain stopped running (closure; for the waiting list, allocation or closure); null while it runs and for standards measured once',
  },
  query: ({ ref, db }) =>
    db
      .with('standards', (qb) =>
        qb
          .selectFrom(ref('int_episode_standards').as('s'))
          .innerJoin(ref('int_episodes').as('e'), 'e.episode_id', 's.episode_id')
          .select([
            's.episode_id',
            's.standard',
            's.start',
            's.start_offset_days',
            's.clock_days',
            's.working_days',
            's.done',
            's.repeats',
            'e.referral_on',
            'e.decision',
            'e.decision_on',
            'e.allocated_on',
            'e.closed_on',
            'e.extracted_on',
          ]),
      )
      .with('first_face_to_face', (qb) =>
        qb
          .selectFrom(ref('int_practice_events_dated').as('d'))
          .innerJoin(ref('int_episodes').as('e'), 'e.episode_id', 'd.episode_id')
          .where('d.done_code', '=', 'contact_face_to_face')
          .whereRef('d.done_on', '>=', 'e.allocated_on')
          .groupBy('d.episode_id')
          .select(['d.episode_id', sql<string>`min(d.done_on)`.as('first_on')]),
      )
      .with('single_base', (qb) =>
        qb
          .selectFrom('standards as s')
          .leftJoin('first_face_to_face as f', 'f.episode_id', 's.episode_id')
          .where('s.repeats', '=', false)
          .selectAll('s')
          .select(
            sql<string | null>`case s.start
              when 'referral_on' then s.referral_on
              when 'allocated_on' then s.allocated_on
              when 'closed_on' then case when s.allocated_on is not null then s.closed_on end
              when 'first_face_to_face_contact' then f.first_on
            end`.as('base_on'),
          ),
      )
      .with('single_started', (qb) =>
        qb
          .selectFrom('single_base as b')
          .select(['b.episode_id', 'b.standard', 'b.done', 'b.clock_days', 'b.working_days'])
          .select(sql<string>`(b.base_on + b.start_offset_days)::DATE`.as('start_on'))
          .where('b.base_on', 'is not', null)
          .where(
            sql<boolean>`(b.start_offset_days = 0 or (
              (b.base_on + b.start_offset_days) <= b.extracted_on
              and (b.closed_on is null or b.closed_on > b.base_on + b.start_offset_days)))`,
          ),
      )
      .with('single', (qb) =>
        qb
          .selectFrom('single_started as s')
          .leftJoin(ref('int_practice_events_dated').as('d'), (j) =>
            j.onRef('d.episode_id', '=', 's.episode_id').onRef('d.done_code', '=', 's.done').onRef('d.done_on', '>=', 's.start_on'),
          )
          .groupBy(['s.episode_id', 's.standard', 's.clock_days', 's.working_days', 's.start_on'])
          .select([
            's.episode_id',
            's.standard',
            's.clock_days',
            's.working_days',
            sql<number>`1`.as('occurrence'),
            's.start_on',
            sql<string | null>`min(d.done_on)`.as('done_on'),
            sql<string | null>`null::DATE`.as('chain_ended_on'),
          ]),
      )
      // Raw conditions below carry their own parentheses: Kysely ands them in as written.
      .with('chains', (qb) =>
        qb
          .selectFrom('standards as s')
          .where('s.repeats', '=', true)
          .selectAll('s')
          .select(
            sql<string | null>`case when s.start = 'previous_waiting_list_review' then least(s.allocated_on, s.closed_on) else s.closed_on end`.as(
              'chain_ended_on',
            ),
          )
          // The waiting list chain exists only for a referral decided waiting_list.
          .where(sql<boolean>`(s.start <> 'previous_waiting_list_review' or (s.decision = 'waiting_list' and s.decision_on is not null))`),
      )
      .with('chain_points', (qb) =>
        qb
          .selectFrom('chains as c')
          .innerJoin(ref('int_practice_events_dated').as('d'), (j) =>
            j.onRef('d.episode_id', '=', 'c.episode_id').onRef('d.done_code', '=', 'c.done'),
          )
          .where(sql<boolean>`(c.chain_ended_on is null or d.done_on <= c.chain_ended_on)`)
          .where(sql<boolean>`(c.start <> 'previous_waiting_list_review' or d.done_on > c.decision_on)`)
          .select(['c.episode_id', 'c.standard', 'd.done_on as point_on'])
          .union(
            qb
              .selectFrom('chains as c')
              .where('c.start', '=', 'previous_waiting_list_review')
              .select(['c.episode_id', 'c.standard', 'c.decision_on as point_on']),
          ),
      )
      .with('chain_gaps', (qb) =>
        qb
          .selectFrom('chain_points as p')
          .innerJoin('chains as c', (j) => j.onRef('c.episode_id', '=', 'p.episode_id').onRef('c.standard', '=', 'p.standard'))
          .select([
            'p.episode_id',
            'p.standard',
            'c.clock_days',
            'c.working_days',
            sql<number>`row_number() over (partition by p.episode_id, p.standard order by p.point_on)::INTEGER`.as('occurrence'),
            'p.point_on as start_on',
            sql<string | null>`lead(p.point_on) over (partition by p.episode_id, p.standard order by p.point_on)`.as('done_on'),
            'c.chain_ended_on',
          ]),
      )
      .with('started', (qb) => qb.selectFrom('single').selectAll().unionAll(qb.selectFrom('chain_gaps').selectAll()))
      .with('timed', (qb) =>
        qb
          .selectFrom('started as t')
          // Performance: "working days only" goes into the join key (null, so no match, for
          // calendar-day clocks) rather than beside it in the ON clause, where a condition on
          // the left side alone turned the hash join into a nested loop (2.8 s on the bench).
          .leftJoin(ref('int_calendar_days').as('cs'), (j) =>
            j.on('cs.calendar_on', '=', sql<string | null>`case when t.working_days then t.start_on end`),
          )
          .leftJoin(ref('int_calendar_days').as('cd'), (j) =>
            j.on('cd.is_working_day', '=', true).on(sql<boolean>`cd.working_day_number = cs.working_day_number + t.clock_days`),
          )
          .selectAll('t')
          .select(
            sql<string | null>`case
              when not t.working_days then (t.start_on + t.clock_days)::DATE
              when cd.calendar_on is not null then greatest(t.start_on, cd.calendar_on)
            end`.as('due_on'),
          ),
      )
      .selectFrom('timed')
      .select(['episode_id', 'standard', 'occurrence', 'start_on', 'due_on', 'done_on', 'chain_ended_on'])
      .where(sql<boolean>`(done_on is not null or chain_ended_on is null or chain_ended_on > due_on)`)
      .orderBy('episode_id').orderBy('standard').orderBy('occurrence'),
  tests: [
    { unique: ['episode_id', 'standard', 'occurrence'] },
    { not_null: ['episode_id', 'standard', 'occurrence', 'start_on', 'due_on'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { expression: 'due_on >= start_on', name: 'due on or after the start' },
  ],
});
