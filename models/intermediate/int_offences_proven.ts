import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_offences_proven',
  layer: 'intermediate',
  grain: 'one row per offence',
  materialized: 'table',
  description:
    "Each offence with the disposal that proves it, if any (proven reoffending, indicators.md section 7). The extract does not link a disposal to its offence, so the link is inferred: every out_of_court_disposal or court_outcome proves the latest offence of the person, on or before it, that no earlier disposal has proven (last in, first out). An offence that never gets a disposal (no further action) then stays unproven without taking a later offence's disposal, and offences dealt with out of order still each get one; a disposal with no offence waiting (its offence is older than the extract) proves nothing. At the same moment an offence comes before a disposal, so a same-day disposal can prove it. Written without recursion: the waiting offences are a stack, its depth after each event is the running count of offences minus disposals, floored at zero (depth = running sum - min(0, lowest running sum so far)), a disposal met with an empty stack is dropped, and an offence left at depth d is proven by the first later kept disposal that brings the depth to d - 1.",
  columns: {
    event_id: 'The offence',
    person_id: 'The young person',
    offence_on: 'Date of the offence',
    offence_group: 'Offence group (violence, drugs_pwits, ...)',
    proven_by_event_id: 'The disposal taken to prove it; null while unproven',
    proven_on: 'Date of that disposal',
  },
  query: ({ ref, db }) =>
    db
      .with('steps', (qb) =>
        qb
          .selectFrom(ref('int_justice_events').as('j'))
          .where((eb) => eb.or([eb('j.event_type', '=', 'offence'), eb('j.is_disposal', '=', true)]))
          .select([
            'j.event_id',
            'j.person_id',
            'j.event_type',
            'j.detail',
            'j.occurred_on',
            sql<number>`case when j.event_type = 'offence' then 1 else -1 end`.as('step'),
            sql<number>`row_number() over (
              partition by j.person_id
              order by j.occurred_at, case when j.event_type = 'offence' then 0 else 1 end, j.event_id
            )`.as('seq'),
          ]),
      )
      .with('running_totals', (qb) =>
        qb.selectFrom('steps as s').selectAll('s').select([
          sql<number>`sum(s.step) over (partition by s.person_id order by s.seq)`.as('total'),
        ]),
      )
      .with('depths', (qb) =>
        qb.selectFrom('running_totals').selectAll().select([
          // Lowest running total before this event, never above zero (the stack starts empty).
          sql<number>`least(0, coalesce(min(total) over (partition by person_id order by seq rows between unbounded preceding and 1 preceding), 0))`.as(
            'floor_before',
          ),
        ]),
      )
      .with('stack', (qb) =>
        qb.selectFrom('depths').selectAll().select([
          // A disposal that takes the running total below every earlier floor found the stack empty.
          sql<boolean>`step = -1 and total < floor_before`.as('dropped'),
          sql<number>`total - least(floor_before, total)`.as('depth'),
        ]),
      )
      .with('matched', (qb) =>
        qb
          .selectFrom('stack as o')
          .leftJoin('stack as d', (j) =>
            j
              .onRef('d.person_id', '=', 'o.person_id')
              .on(sql<boolean>`d.seq > o.seq and d.step = -1 and not d.dropped and d.depth = o.depth - 1`),
          )
          .where('o.step', '=', 1)
          .groupBy(['o.event_id', 'o.person_id', 'o.occurred_on', 'o.detail'])
          .select(['o.event_id', 'o.person_id', 'o.occurred_on as offence_on', 'o.detail as offence_group', sql<number | null>`min(d.seq)`.as('proof_seq')]),
      )
      .selectFrom('matched as m')
      .leftJoin('stack as p', (j) => j.onRef('p.person_id', '=', 'm.person_id').onRef('p.seq', '=', 'm.proof_seq'))
      .select(['m.event_id', 'm.person_id', 'm.offence_on', 'm.offence_group', 'p.event_id as proven_by_event_id', 'p.occurred_on as proven_on'])
      .orderBy('m.person_id')
      .orderBy('m.offence_on'),
  tests: [
    { unique: 'event_id' },
    { unique: 'proven_by_event_id' },
    { not_null: ['event_id', 'person_id', 'offence_on'] },
    { relationships: { column: 'proven_by_event_id', to: 'int_justice_events', field: 'event_id' } },
    { expression: 'proven_on is null or proven_on >= offence_on', name: 'proven on or after the offence' },
    { expression: '(proven_on is null) = (proven_by_event_id is null)', name: 'proof has a date' },
  ],
});
