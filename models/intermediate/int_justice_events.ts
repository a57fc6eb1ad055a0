import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

/** Age in whole years on a date from a birth month, the rule int_people uses: a person turns N on the first day of their birth month. */
export const ageOn = (birthMonth: string, on: string) =>
  sql<number | null>`(date_diff('month', ${sql.ref(birthMonth)}, ${sql.ref(on)}) // 12)::INTEGER`;

export default defineModel({
  name: 'int_justice_events',
  layer: 'intermediate',
  grain: 'one row per offence, out-of-court disposal, court outcome or custody event about a person',
  materialized: 'table',
  description:
    "The criminal justice events of young people (indicators.md sections 5 and 7) with the person's age on the day and the order of their disposals. A disposal is an out_of_court_disposal or a court_outcome: the formal outcomes that make a first time entrant and prove an offence. Age comes from the birth month as in int_people: a person born in May 2008 is 10 from 1 May 2018 and 18 from 1 May 2026, whatever the day of birth. Locality is the person's family's, as youth justice counts belong to where the child lives rather than to an episode.",
  columns: {
    event_id: 'The event',
    event_type: 'offence, out_of_court_disposal, court_outcome or custody',
    detail: 'Offence group, disposal, court outcome, or custody remand/sentence',
    person_id: 'The young person',
    family_id: "The person's family",
    locality: "The family's locality",
    occurred_at: 'When, Europe/London local time',
    occurred_on: 'The local date',
    age_years: 'Whole years of age on the day, from the birth month; null when the birth month is unknown',
    is_disposal: 'An out_of_court_disposal or court_outcome',
    disposal_seq:
      "For disposals, their position among all the person's disposals ever, by time then event_id (1 = the first ever); null for other events",
  },
  query: ({ ref, db }) =>
    db
      .with('events', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .innerJoin(ref('int_people').as('p'), 'p.person_id', 'ev.person_id')
          .innerJoin(ref('stg_families').as('f'), 'f.family_id', 'p.family_id')
          .where('ev.event_type', 'in', ['offence', 'out_of_court_disposal', 'court_outcome', 'custody'])
          .select([
            'ev.event_id',
            'ev.event_type',
            'ev.detail',
            'ev.person_id',
            'p.family_id',
            'f.locality',
            'ev.occurred_at',
            'ev.occurred_on',
            ageOn('p.birth_month', 'ev.occurred_on').as('age_years'),
            sql<boolean>`ev.event_type in ('out_of_court_disposal', 'court_outcome')`.as('is_disposal'),
          ]),
      )
      .with('disposals_ordered', (qb) =>
        qb
          .selectFrom('events')
          .where('is_disposal', '=', true)
          .select([
            'event_id',
            sql<number>`row_number() over (partition by person_id order by occurred_at, event_id)::INTEGER`.as('disposal_seq'),
          ]),
      )
      .selectFrom('events as e')
      .leftJoin('disposals_ordered as d', 'd.event_id', 'e.event_id')
      .selectAll('e')
      .select('d.disposal_seq')
      .orderBy('e.person_id')
      .orderBy('e.occurred_at'),
  tests: [
    { unique: 'event_id' },
    { not_null: ['event_id', 'event_type', 'person_id', 'family_id', 'locality', 'occurred_on', 'is_disposal'] },
    { relationships: { column: 'event_id', to: 'stg_events', field: 'event_id' } },
    { accepted_values: { column: 'event_type', values: ['offence', 'out_of_court_disposal', 'court_outcome', 'custody'] } },
    { expression: '(disposal_seq is not null) = is_disposal', name: 'disposals and only disposals are ordered' },
  ],
});
