import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_first_time_entrants',
  layer: 'intermediate',
  grain: 'one row per first time entrant',
  materialized: 'view',
  description:
    "First time entrants to the youth justice system (indicators.md sections 5 and 7): a person whose first out_of_court_disposal or court_outcome ever was received aged 10-17. Ever means in all the data: a disposal before the reporting period means the person is not a first time entrant in it. A person whose first disposal came outside 10-17, or whose birth month is unknown, never enters, even if a later disposal falls in 10-17. Age on the day is counted from the birth month (int_justice_events).",
  columns: {
    person_id: 'The young person',
    family_id: "The person's family",
    locality: "The family's locality",
    event_id: 'The first disposal',
    entered_on: 'Date of the first disposal',
    disposal_type: 'out_of_court_disposal or court_outcome',
    outcome: 'The disposal or court outcome',
    age_years: 'Age in whole years on that day (10-17)',
  },
  query: ({ ref, db }) =>
    db
      .selectFrom(ref('int_justice_events').as('j'))
      .where('j.disposal_seq', '=', 1)
      .where('j.age_years', '>=', 10)
      .where('j.age_years', '<=', 17)
      .select([
        'j.person_id',
        'j.family_id',
        'j.locality',
        'j.event_id',
        'j.occurred_on as entered_on',
        'j.event_type as disposal_type',
        'j.detail as outcome',
        'j.age_years',
      ]),
  tests: [
    { unique: 'person_id' },
    { unique: 'event_id' },
    { not_null: ['person_id', 'family_id', 'locality', 'event_id', 'entered_on', 'disposal_type', 'age_years'] },
    { expression: 'age_years between 10 and 17', name: 'aged 10-17' },
    { relationships: { column: 'person_id', to: 'int_people', field: 'person_id' } },
  ],
});
