import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'mart_episodes',
  layer: 'marts',
  grain: 'one row per episode',
  materialized: 'table',
  description:
    'Every episode with who holds it, where, its key dates, its status as of the extract date and how long it has been open (indicators.md section 8).',
  columns: {
    episode_id: 'Episode identifier',
    family_id: 'Family',
    subject_person_id: 'The young person, for youth service episodes',
    service: 'Service code',
    team: 'Team',
    locality: "The episode's locality, else the family's",
    worker_id: 'Allocated practitioner',
    referral_on: 'Request for support received',
    allocated_on: 'Date allocated to a practitioner',
    closed_on: 'Closure date; null while open',
    closure_reason: 'Why the episode closed',
    days_open:
      'Days from referral to closing (or, for a referral decided elsewhere and never allocated, to the decision), else to the extract date',
    status:
      'waiting (not allocated, decided waiting_list or not yet decided), open (allocated, not closed), closed, or not_allocated (decided needs_other_service, no_service or returned_to_front_door, never allocated)',
  },
  query: ({ ref, db }) =>
    db
      .selectFrom(ref('int_episodes').as('e'))
      .select([
        'e.episode_id',
        'e.family_id',
        'e.subject_person_id',
        'e.service',
        'e.team',
        'e.locality',
        'e.worker_id',
        'e.referral_on',
        'e.allocated_on',
        'e.closed_on',
        'e.closure_reason',
        'e.days_open',
        'e.status',
      ])
      // Stored by service and referral date first: the dashboard filters on both, and DuckDB
      // skips blocks whose min/max (zone maps) exclude the filter.
      .orderBy('e.service')
      .orderBy('e.referral_on')
      .orderBy('e.episode_id'),
  tests: [
    { unique: 'episode_id' },
    { not_null: ['episode_id', 'family_id', 'service', 'locality', 'referral_on', 'status', 'days_open'] },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
    { accepted_values: { column: 'status', values: ['waiting', 'open', 'closed', 'not_allocated'] } },
    { expression: 'days_open >= 0', name: 'days_open not negative' },
    { expression: "(status = 'open') = (allocated_on is not null and closed_on is null)", name: 'open means allocated and not closed' },
  ],
});
