import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 4: for each worker at each month end, open allocated episodes
// (families for FIT/SF/EH, young people for YIT/TYSS/YOS) against caseload_limit x fte.
// - Month ends run from the month of the earliest referral to the last month end on or
//   before the extract date.
// - An episode is open at a month end when allocated_on <= month_end and it is not closed
//   by then (closed_on is null or closed_on > month_end): an episode closed ON a month end
//   is no longer on that month end's caseload.
// - A case is counted in the unit of the episode's service (seed services.caseload_unit):
//   a family once however many of its episodes the worker holds, a young person once (a
//   youth episode without a subject person counts as itself).
// - The worker is the episode's worker_id: the contract has no allocation history, so a
//   reallocated episode counts for its current worker at every month end.
// - Rows run from the first month end at which the worker held a case (the latest month
//   end for a listed worker who never held one) to the latest month end for workers in
//   the workers file (zero rows show spare capacity), and to their last month end with a
//   case for workers known only from episodes (they may have left).
// - Over the limit means more open cases than the effective limit (at the limit is not
//   over); a worker with fte 0 has limit 0, so any case puts them over.
export default defineModel({
  name: 'mart_caseloads',
  layer: 'marts',
  grain: 'one row per worker and month end',
  materialized: 'table',
  description:
    "Each worker's open allocated cases at each month end against their caseload limit x fte (indicators.md section 4). Cases are families for FIT, SF and EH and young people for YIT, TYSS and YOS (seed services.caseload_unit).",
  columns: {
    worker_id: 'Worker',
    team: "Worker's team",
    service: "Worker's service",
    locality: "Worker's locality, else that of their latest allocated episode",
    month_end: 'Last day of the month',
    open_cases: 'Families or young people with an episode allocated to the worker and open at the month end (allocated_on <= month_end, closed_on null or after it)',
    open_episodes: 'Episodes allocated to the worker and open at the month end',
    caseload_unit: "What a case counts for the worker's service: family or young_person",
    fte: 'Full-time equivalent',
    base_caseload_limit: "Limit of a full-time post: the worker's own, else the service default",
    caseload_limit: 'Effective limit: base_caseload_limit x fte',
    over_limit: 'open_cases > caseload_limit',
    pct_of_limit: 'open_cases as a percentage of caseload_limit; null when the limit is 0',
  },
  query: ({ ref, db }) =>
    db
      .with('bounds', (qb) =>
        qb
          .selectFrom(ref('stg_episodes').as('e'))
          .innerJoin(ref('stg_extract_manifest').as('m'), (j) => j.onTrue())
          .groupBy('m.extracted_on')
          .select([sql<string>`min(e.referral_on)`.as('first_on'), 'm.extracted_on']),
      )
      .with('month_ends', (qb) =>
        qb
          .selectFrom('bounds as b')
          .select([
            sql<string>`last_day(unnest(generate_series(date_trunc('month', b.first_on), date_trunc('month', b.extracted_on), INTERVAL 1 MONTH)))::DATE`.as(
              'month_end',
            ),
            'b.extracted_on',
          ]),
      )
      .with('reported_month_ends', (qb) => qb.selectFrom('month_ends').select('month_end').whereRef('month_end', '<=', 'extracted_on'))
      .with('open_cases', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .innerJoin('reported_month_ends as m', (j) =>
            j.onRef('e.allocated_on', '<=', 'm.month_end').on(sql<boolean>`(e.closed_on is null or e.closed_on > m.month_end)`),
          )
          .leftJoin(ref('seed_services').as('s'), 's.service', 'e.service')
          .where('e.worker_id', 'is not', null)
          .select([
            'e.worker_id',
            'm.month_end',
            'e.episode_id',
            sql<string>`case s.caseload_unit
              when 'family' then 'family:' || e.family_id
              when 'young_person' then coalesce('person:' || e.subject_person_id, 'episode:' || e.episode_id)
              else 'episode:' || e.episode_id
            end`.as('case_key'),
          ]),
      )
      .with('counts', (qb) =>
        qb
          .selectFrom('open_cases')
          .groupBy(['worker_id', 'month_end'])
          .select([
            'worker_id',
            'month_end',
            sql<number>`count(distinct case_key)::INTEGER`.as('open_cases'),
            sql<number>`count(distinct episode_id)::INTEGER`.as('open_episodes'),
          ]),
      )
      .with('spans', (qb) =>
        qb
          .selectFrom(ref('int_workers').as('w'))
          .leftJoin('counts as c', 'c.worker_id', 'w.worker_id')
          .innerJoin(
            (eb) => eb.selectFrom('reported_month_ends').select(sql<string>`max(month_end)`.as('latest')).as('l'),
            (j) => j.onTrue(),
          )
          .groupBy(['w.worker_id', 'w.in_workers_file', 'l.latest'])
          .select([
            'w.worker_id',
            sql<string>`coalesce(min(c.month_end), l.latest)`.as('first_month_end'),
            sql<string>`case when w.in_workers_file then l.latest else max(c.month_end) end`.as('last_month_end'),
          ]),
      )
      .selectFrom(ref('int_workers').as('w'))
      .innerJoin('spans as sp', 'sp.worker_id', 'w.worker_id')
      .innerJoin('reported_month_ends as m', (j) =>
        j.onRef('m.month_end', '>=', 'sp.first_month_end').onRef('m.month_end', '<=', 'sp.last_month_end'),
      )
      .leftJoin('counts as c', (j) => j.onRef('c.worker_id', '=', 'w.worker_id').onRef('c.month_end', '=', 'm.month_end'))
      .select([
        'w.worker_id',
        'w.team',
        'w.service',
        'w.locality',
        'm.month_end',
        sql<number>`coalesce(c.open_cases, 0)`.as('open_cases'),
        sql<number>`coalesce(c.open_episodes, 0)`.as('open_episodes'),
        'w.caseload_unit',
        'w.fte',
        'w.base_caseload_limit',
        'w.caseload_limit',
        sql<boolean>`coalesce(c.open_cases, 0) > w.caseload_limit`.as('over_limit'),
        sql<number | null>`100.0 * coalesce(c.open_cases, 0) / nullif(w.caseload_limit, 0)`.as('pct_of_limit'),
      ])
      .orderBy('w.worker_id')
      .orderBy('m.month_end'),
  tests: [
    { unique: ['worker_id', 'month_end'] },
    { not_null: ['worker_id', 'service', 'month_end', 'open_cases', 'open_episodes', 'caseload_limit', 'over_limit'] },
    { relationships: { column: 'worker_id', to: 'int_workers', field: 'worker_id' } },
    { expression: 'open_cases <= open_episodes', name: 'a case has at least one episode' },
    { expression: 'month_end = last_day(month_end)', name: 'month ends' },
    { expression: 'over_limit = (open_cases > caseload_limit)', name: 'over limit definition' },
  ],
});
