import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_area_measures',
  layer: 'staging',
  grain: 'one row per measure per month per locality',
  materialized: 'view',
  description:
    'Area-level monthly counts from partners that are not linked to a person.',
  columns: {
    measure: 'Measure code',
    period: 'First day of the month',
    locality: 'Locality; null means the whole authority',
    value: 'Value',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('area_measures').as('m')).select([
      'm.measure',
      'm.period',
      'm.locality',
      'm.value',
    ]),
  tests: [
    { unique: ['measure', 'period', 'locality'] },
    { not_null: ['measure', 'period', 'value'] },
  ],
});
