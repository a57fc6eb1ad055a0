import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';
import { ageBands } from '../indicators/Filters.ts';

export default defineModel({
  name: 'int_people',
  layer: 'intermediate',
  grain: 'one row per person',
  materialized: 'table',
  description:
    'People with the attributes every filter and breakdown uses: age and age band at the extract date, and sex, ethnicity and SEND with unknowns made explicit.',
  columns: {
    person_id: 'Person identifier',
    family_id: 'Family',
    role: 'child, parent, carer, other_adult or unborn',
    birth_month: 'First day of the month of birth',
    age_years: 'Whole years of age at the extract date, from the birth month; null when unknown or not yet born (an unborn child expected after the extract date)',
    age_band: `Age band at the extract date (${ageBands.map((b) => b[0]).join(', ')}), or unknown`,
    sex: 'Sex; unknown when not recorded',
    ethnicity: 'Ethnicity (ONS 2021 five groups); unknown when not recorded',
    send: 'Special educational needs or disability; false when not recorded',
    looked_after: 'Looked after at any point in the extract period; false when not recorded',
  },
  query: ({ ref, db }) =>
    db
      .with('aged', (qb) =>
        qb
          .selectFrom(ref('stg_people').as('p'))
          .leftJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
          .selectAll('p')
          // A birth month is all the contract gives: age counts whole months to the extract date.
          // An unborn child's birth month is the expected one and may be after the extract date
          // (data contract, up to 9 months): no age yet, as for an unborn child with no month,
          // rather than 0 (the months // 12 rounds toward zero) and the 0-4 band.
          .select(
            sql<number | null>`(case when p.birth_month <= m.extracted_on then date_diff('month', p.birth_month, m.extracted_on) // 12 end)::INTEGER`.as(
              'age_years',
            ),
          ),
      )
      .selectFrom('aged')
      .select([
        'person_id',
        'family_id',
        'role',
        'birth_month',
        'age_years',
        sql<string>`case ${sql.join(
          ageBands.map(([label, lo, hi]) => sql`when age_years between ${sql.lit(lo)} and ${sql.lit(hi)} then ${sql.lit(label)}`),
          sql` `,
        )} else 'unknown' end`.as('age_band'),
        sql<string>`coalesce(sex, 'unknown')`.as('sex'),
        sql<string>`coalesce(ethnicity, 'unknown')`.as('ethnicity'),
        sql<boolean>`coalesce(send, false)`.as('send'),
        sql<boolean>`coalesce(looked_after, false)`.as('looked_after'),
      ]),
  tests: [
    { unique: 'person_id' },
    { not_null: ['person_id', 'family_id', 'age_band', 'sex', 'ethnicity', 'send'] },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
  ],
});
