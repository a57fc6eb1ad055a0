import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_reoffending_cohort',
  layer: 'intermediate',
  grain: 'one row per young person per calendar quarter in which they had a cohort event',
  materialized: 'table',
  description:
    "Quarterly proven reoffending cohorts (indicators.md section 7, after the Ministry of Justice measure). A person joins the cohort of a quarter with a court_outcome or out_of_court_disposal in it, aged 10-17 that day; their first such event in the quarter is the index event. (Release from custody also starts a follow-up in the MoJ measure, but the extract has no release date, so it cannot.) A proven reoffence is an offence committed after the index date and no later than 12 months after it, proven by a disposal (int_offences_proven) no later than 18 months after the index date: the 12-month follow-up and a further 6 months for the case to be dealt with. A cohort is complete when the 18 months of its last possible member (indexed on the quarter's last day) have passed by the extract date; rates are reported only for complete cohorts.",
  columns: {
    person_id: 'The young person',
    family_id: "The person's family",
    locality: "The family's locality",
    cohort_quarter: 'First day of the cohort quarter',
    index_event_id: 'The first court_outcome or out_of_court_disposal of the person in the quarter',
    index_on: 'Its date',
    index_type: 'court_outcome or out_of_court_disposal',
    age_years: 'Age in whole years on the index date (10-17)',
    follow_up_ends_on: 'Last day an offence counts: index_on + 12 months',
    proof_ends_on: 'Last day a disposal proves it: index_on + 18 months',
    follow_up_passed: "This person's 18 months have passed by the extract date (proof_ends_on <= extracted_on)",
    cohort_follow_up_passed: "The whole quarter's 18 months have passed: the quarter's last day + 18 months <= extracted_on",
    reoffences: 'Proven reoffences: offences in (index_on, follow_up_ends_on] proven on or before proof_ends_on',
    reoffended: 'At least one proven reoffence',
  },
  query: ({ ref, db }) =>
    db
      .with('cohort_events', (qb) =>
        qb
          .selectFrom(ref('int_justice_events').as('j'))
          .where('j.is_disposal', '=', true)
          .where('j.age_years', '>=', 10)
          .where('j.age_years', '<=', 17)
          .select([
            'j.person_id',
            'j.family_id',
            'j.locality',
            sql<string>`date_trunc('quarter', j.occurred_on)::DATE`.as('cohort_quarter'),
            'j.event_id',
            'j.occurred_on',
            'j.event_type',
            'j.age_years',
            sql<number>`row_number() over (
              partition by j.person_id, date_trunc('quarter', j.occurred_on) order by j.occurred_at, j.event_id
            )`.as('in_quarter_seq'),
          ]),
      )
      .with('indexed', (qb) =>
        qb
          .selectFrom('cohort_events as c')
          .leftJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
          .where('c.in_quarter_seq', '=', 1)
          .select([
            'c.person_id',
            'c.family_id',
            'c.locality',
            'c.cohort_quarter',
            'c.event_id as index_event_id',
            'c.occurred_on as index_on',
            'c.event_type as index_type',
            'c.age_years',
            sql<string>`(c.occurred_on + interval 12 month)::DATE`.as('follow_up_ends_on'),
            sql<string>`(c.occurred_on + interval 18 month)::DATE`.as('proof_ends_on'),
            sql<string>`((c.cohort_quarter + interval 3 month - interval 1 day) + interval 18 month)::DATE`.as('cohort_proof_ends_on'),
            'm.extracted_on',
          ]),
      )
      .with('counted', (qb) =>
        qb
          .selectFrom('indexed as i')
          .leftJoin(ref('int_offences_proven').as('o'), (j) =>
            j
              .onRef('o.person_id', '=', 'i.person_id')
              .on(sql<boolean>`o.offence_on > i.index_on and o.offence_on <= i.follow_up_ends_on and o.proven_on <= i.proof_ends_on`),
          )
          .groupBy([
            'i.person_id',
            'i.family_id',
            'i.locality',
            'i.cohort_quarter',
            'i.index_event_id',
            'i.index_on',
            'i.index_type',
            'i.age_years',
            'i.follow_up_ends_on',
            'i.proof_ends_on',
            'i.cohort_proof_ends_on',
            'i.extracted_on',
          ])
          .select([
            'i.person_id',
            'i.family_id',
            'i.locality',
            'i.cohort_quarter',
            'i.index_event_id',
            'i.index_on',
            'i.index_type',
            'i.age_years',
            'i.follow_up_ends_on',
            'i.proof_ends_on',
            sql<boolean>`coalesce(i.proof_ends_on <= i.extracted_on, false)`.as('follow_up_passed'),
            sql<boolean>`coalesce(i.cohort_proof_ends_on <= i.extracted_on, false)`.as('cohort_follow_up_passed'),
            sql<number>`count(o.event_id)::INTEGER`.as('reoffences'),
          ]),
      )
      .selectFrom('counted')
      .selectAll()
      .select(sql<boolean>`reoffences > 0`.as('reoffended'))
      .orderBy('cohort_quarter')
      .orderBy('person_id'),
  tests: [
    { unique: ['person_id', 'cohort_quarter'] },
    { unique: 'index_event_id' },
    { not_null: ['person_id', 'locality', 'cohort_quarter', 'index_event_id', 'index_on', 'follow_up_passed', 'cohort_follow_up_passed', 'reoffences'] },
    { relationships: { column: 'index_event_id', to: 'int_justice_events', field: 'event_id' } },
    { expression: "date_trunc('quarter', index_on) = cohort_quarter", name: 'index date in the cohort quarter' },
    { expression: 'follow_up_passed or not cohort_follow_up_passed', name: 'a complete cohort has every member complete' },
    { expression: 'age_years between 10 and 17', name: 'aged 10-17' },
  ],
});
