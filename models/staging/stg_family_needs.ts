import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_family_needs',
  layer: 'staging',
  grain: 'one row per need',
  materialized: 'view',
  description:
    'Supporting Families needs identified for a family.',
  columns: {
    need_id: 'Need identifier',
    family_id: 'Family',
    episode_id: 'Episode in which it was identified',
    headline: 'Supporting Families headline outcome',
    need_code: 'Local descriptor of the need',
    identified_on: 'Date identified',
    person_id: 'The family member the need concerns',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('family_needs').as('n')).select([
      'n.need_id',
      'n.family_id',
      'n.episode_id',
      'n.headline',
      'n.need_code',
      'n.identified_on',
      'n.person_id',
    ]),
  tests: [
    { unique: 'need_id' },
    { not_null: ['need_id', 'family_id', 'headline', 'identified_on'] },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
    { relationships: { column: 'headline', to: 'seed_headlines', field: 'headline' } },
  ],
});
