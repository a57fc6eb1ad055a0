import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// Caseload limits (indicators.md section 4: "against caseload_limit x fte"; data contract:
// fte defaults to 1, caseload_limit to the service's). The workers file is optional, so a
// worker named only on episodes is kept too, with the service, team and locality of their
// latest allocated episode, fte 1 and the service's limit.
export default defineModel({
  name: 'int_workers',
  layer: 'intermediate',
  grain: 'one row per worker (in the workers file or allocated an episode)',
  materialized: 'view',
  description:
    "Practitioners with their effective caseload limit (their own limit, else the service's default from seed services, times fte) and what a case counts for their service (families or young people). Workers named only on episodes take their latest allocated episode's service, team and locality.",
  columns: {
    worker_id: 'Worker identifier',
    service: 'Service the worker belongs to',
    team: 'Team',
    locality: "Locality the worker covers, else that of the worker's latest allocated episode",
    fte: 'Full-time equivalent (1 when not given)',
    base_caseload_limit: "Caseload limit of a full-time post: the worker's own, else the service default",
    caseload_limit: 'Effective limit: base_caseload_limit x fte',
    caseload_unit: "What a case counts for the worker's service: family or young_person (seed services)",
    in_workers_file: 'The worker is in the workers file (false: known only from episodes)',
  },
  query: ({ ref, db }) =>
    db
      .with('latest_episode', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .where('e.worker_id', 'is not', null)
          .where('e.allocated_on', 'is not', null)
          .select([
            'e.worker_id',
            'e.service',
            'e.team',
            'e.locality',
            sql<number>`row_number() over (partition by e.worker_id order by e.allocated_on desc, e.episode_id desc)`.as('pick'),
          ]),
      )
      .with('workers', (qb) =>
        qb
          .selectFrom(ref('stg_workers').as('w'))
          .leftJoin('latest_episode as l', (j) => j.onRef('l.worker_id', '=', 'w.worker_id').on('l.pick', '=', 1))
          .select([
            'w.worker_id',
            'w.service',
            'w.team',
            sql<string | null>`coalesce(w.worker_locality, l.locality)`.as('locality'),
            'w.fte',
            'w.caseload_limit',
            sql<boolean>`true`.as('in_workers_file'),
          ])
          .unionAll(
            qb
              .selectFrom('latest_episode as l')
              .where('l.pick', '=', 1)
              .where(({ not, exists, selectFrom }) =>
                not(exists(selectFrom(ref('stg_workers').as('w2')).select('w2.worker_id').whereRef('w2.worker_id', '=', 'l.worker_id'))),
              )
              .select([
                'l.worker_id',
                'l.service',
                'l.team',
                'l.locality',
                sql<number>`1`.as('fte'),
                sql<number | null>`null::INTEGER`.as('caseload_limit'),
                sql<boolean>`false`.as('in_workers_file'),
              ]),
          ),
      )
      .selectFrom('workers as w')
      .leftJoin(ref('seed_services').as('s'), 's.service', 'w.service')
      .select([
        'w.worker_id',
        'w.service',
        'w.team',
        'w.locality',
        sql<number>`w.fte::DOUBLE`.as('fte'),
        sql<number | null>`coalesce(w.caseload_limit, s.caseload_limit)::INTEGER`.as('base_caseload_limit'),
        // Rounded to 2 decimals so 12 x 0.8 reads 9.6, not 9.600000000000001.
        sql<number | null>`round(coalesce(w.caseload_limit, s.caseload_limit) * w.fte, 2)::DOUBLE`.as('caseload_limit'),
        's.caseload_unit',
        'w.in_workers_file',
      ]),
  tests: [
    { unique: 'worker_id' },
    { not_null: ['worker_id', 'service', 'fte', 'base_caseload_limit', 'caseload_limit', 'caseload_unit', 'in_workers_file'] },
    { relationships: { column: 'service', to: 'seed_services', field: 'service' } },
    { expression: 'caseload_limit <= base_caseload_limit', name: 'effective limit within the full-time limit' },
  ],
});
