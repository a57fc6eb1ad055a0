import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_episodes',
  layer: 'staging',
  grain: 'one row per episode',
  materialized: 'view',
  description: 'Episodes of involvement as loaded: one per referral of a family or young person to a service.',
  columns: {
    episode_id: 'Episode identifier',
    family_id: 'Family',
    subject_person_id: 'The young person, for YIT / TYSS / YOS episodes',
    service: 'Service code',
    team: 'Team',
    episode_locality: "Locality recorded on the episode; null means the family's",
    referral_on: 'Request for support received',
    referral_source: 'Who referred',
    decision: 'Manager decision on the referral',
    decision_on: 'Date of the manager decision',
    allocated_on: 'Date allocated to a practitioner',
    worker_id: 'Allocated practitioner',
    lead_practitioner: 'The worker is lead professional of the TAF',
    closed_on: 'Closure date; null while open',
    closure_reason: 'Why the episode closed',
    order_type: 'YOS only: the order or disposal',
  },
  query: ({ source, db }) =>
    db
      .selectFrom(source('episodes').as('e'))
      .select([
        'e.episode_id',
        'e.family_id',
        'e.subject_person_id',
        'e.service',
        'e.team',
        // Renamed: downstream "locality" always means the resolved one.
        'e.locality as episode_locality',
        'e.referral_on',
        'e.referral_source',
        'e.decision',
        'e.decision_on',
        'e.allocated_on',
        'e.worker_id',
        'e.lead_practitioner',
        'e.closed_on',
        'e.closure_reason',
        'e.order_type',
      ]),
  tests: [
    { unique: 'episode_id' },
    { not_null: ['episode_id', 'family_id', 'service', 'referral_on'] },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
  ],
});
