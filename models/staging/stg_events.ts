import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_events',
  layer: 'staging',
  grain: 'one row per event',
  materialized: 'view',
  description:
    'The case event log: practice events from the case system and partner events about a person. occurred_at is Europe/London local time.',
  columns: {
    event_id: 'Event identifier',
    event_type: 'What happened',
    occurred_at: 'When, in Europe/London local time',
    occurred_on: 'The local date it happened',
    episode_id: 'Episode, for practice events',
    family_id: 'Family (derived from the episode or person when the extract had none)',
    person_id: 'Person, for partner events',
    worker_id: 'Worker who recorded it',
    detail: 'Meaning depends on event_type (channel, tool, tier, ...)',
    value: 'Meaning depends on event_type (minutes, rating, percent attendance, ...)',
    source: 'Recording system; case_system when not given',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('events').as('v')).select([
      'v.event_id',
      'v.event_type',
      'v.occurred_at',
      sql<string>`v.occurred_at::DATE`.as('occurred_on'),
      'v.episode_id',
      'v.family_id',
      'v.person_id',
      'v.worker_id',
      'v.detail',
      'v.value',
      sql<string>`coalesce(v.source, 'case_system')`.as('source'),
    ]),
  tests: [
    { unique: 'event_id' },
    { not_null: ['event_id', 'event_type', 'occurred_at', 'source'] },
    { relationships: { column: 'episode_id', to: 'stg_episodes', field: 'episode_id' } },
    { relationships: { column: 'person_id', to: 'stg_people', field: 'person_id' } },
  ],
});
