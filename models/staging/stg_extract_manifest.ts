import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_extract_manifest',
  layer: 'staging',
  grain: 'one row: the current extract',
  materialized: 'view',
  description:
    'The date of the extract behind the current load. It is "today" for every as-of rule (open episodes, pending standards, windows that have passed), so results do not change with the day the models run.',
  columns: {
    extracted_on: 'Date the extract was taken',
    authority: 'Local authority the extract came from',
  },
  // The pipeline replaces the manifest on every load; the latest row wins in case an
  // older one was left behind.
  query: ({ source, db }) =>
    db
      .selectFrom(source('extract_manifest').as('m'))
      .select(['m.extracted_on', 'm.authority'])
      .orderBy('m.extracted_on', 'desc')
      .limit(1),
  tests: [{ not_null: 'extracted_on' }],
});
