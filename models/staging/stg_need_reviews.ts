import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_need_reviews',
  layer: 'staging',
  grain: 'one row per need per review date',
  materialized: 'view',
  description:
    'Dated progress judgements on a need: the evidence for significant and sustained progress.',
  columns: {
    need_id: 'Need',
    reviewed_on: 'Date of the review',
    status: 'no_progress, some_progress, met, sustained, worse or withdrawn',
    evidence: 'Source of the evidence',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('need_reviews').as('r')).select([
      'r.need_id',
      'r.reviewed_on',
      'r.status',
      'r.evidence',
    ]),
  tests: [
    { unique: ['need_id', 'reviewed_on'] },
    { not_null: ['need_id', 'reviewed_on', 'status'] },
    { relationships: { column: 'need_id', to: 'stg_family_needs', field: 'need_id' } },
    { accepted_values: { column: 'status', values: ['no_progress', 'some_progress', 'met', 'sustained', 'worse', 'withdrawn'] } },
  ],
});
