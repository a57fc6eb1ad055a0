import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'stg_workers',
  layer: 'staging',
  grain: 'one row per worker',
  materialized: 'view',
  description:
    'Practitioners who hold cases. fte defaults to 1 (data contract); the caseload limit default comes from the service in int_workers.',
  columns: {
    worker_id: 'Worker identifier',
    service: 'Service the worker belongs to',
    team: 'Team',
    worker_locality: 'Locality the worker covers',
    fte: 'Full-time equivalent, 1 when not given',
    caseload_limit: 'Caseload limit as given; null means the service default',
  },
  query: ({ source, db }) =>
    db.selectFrom(source('workers').as('w')).select([
      'w.worker_id',
      'w.service',
      'w.team',
      'w.locality as worker_locality',
      sql<number>`coalesce(w.fte, 1)`.as('fte'),
      'w.caseload_limit',
    ]),
  tests: [
    { unique: 'worker_id' },
    { not_null: ['worker_id', 'service', 'team', 'fte'] },
    { expression: 'fte between 0 and 1', name: 'fte in 0-1' },
  ],
});
