import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_families',
  layer: 'staging',
  grain: 'one row per family',
  materialized: 'view',
  description: 'Families as loaded. Columns are listed one by one so a column added to the load does not leak into the marts unseen.',
  columns: {
    family_id: 'Family identifier from the case system',
    locality: 'Locality of the family; used for filtering and row-level access',
    district: 'District council or city',
    imd_decile: 'Deprivation decile of the home area (1 = most deprived)',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('families').as('f')).select(['f.family_id', 'f.locality', 'f.district', 'f.imd_decile']),
  tests: [
    { unique: 'family_id' },
    { not_null: ['family_id', 'locality'] },
    { expression: 'imd_decile is null or imd_decile between 1 and 10', name: 'imd_decile in 1-10' },
  ],
});
