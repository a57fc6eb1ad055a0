import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_people',
  layer: 'staging',
  grain: 'one row per person',
  materialized: 'view',
  description:
    'Family members as loaded.',
  columns: {
    person_id: 'Person identifier',
    family_id: 'The family the person belongs to',
    role: 'child, parent, carer, other_adult or unborn',
    birth_month: 'First day of the month of birth',
    sex: 'female, male, other or unknown',
    ethnicity: 'ONS 2021 five groups, or unknown',
    send: 'Special educational needs or disability (null when not recorded)',
    looked_after: 'Looked after at any point in the extract period',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('people').as('p')).select([
      'p.person_id',
      'p.family_id',
      'p.role',
      'p.birth_month',
      'p.sex',
      'p.ethnicity',
      'p.send',
      'p.looked_after',
    ]),
  tests: [
    { unique: 'person_id' },
    { not_null: ['person_id', 'family_id', 'role'] },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
    { accepted_values: { column: 'role', values: ['child', 'parent', 'carer', 'other_adult', 'unborn'] } },
  ],
});
