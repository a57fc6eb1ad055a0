import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';
import { factColumns, factRow } from '../indicators/logicModelFigures.ts';

export default defineModel({
  name: 'int_logic_model_trajectories',
  layer: 'intermediate',
  grain: 'one row per later exploitation screening or EET status of a young person per cohort episode it falls in',
  materialized: 'view',
  description:
    "Risk and EET trajectories (indicators.md section 5): every exploitation_screening after a person's first ever is compared with that first one (tier lowered, same or raised; low < medium < high), and every eet_status after the first ever with the first (category first_to_latest, e.g. neet_to_eet). The first is the person's first ever, whenever and wherever recorded; the later one must fall in a cohort window (int_cohort_windows). The indicator keeps, per person, the latest comparison in the period (unit_seq), so a person counts once: latest against first, as distance travelled does.",
  columns: factColumns,
  query: ({ ref, db }) =>
    db
      .with('screenings', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .where('ev.event_type', '=', 'exploitation_screening')
          .where('ev.person_id', 'is not', null)
          .where('ev.detail', 'in', ['low', 'medium', 'high'])
          .select([
            'ev.event_id',
            'ev.person_id',
            'ev.occurred_on',
            sql<number>`case ev.detail when 'low' then 1 when 'medium' then 2 when 'high' then 3 end`.as('tier_rank'),
            sql<number>`row_number() over (partition by ev.person_id order by ev.occurred_at, ev.event_id)`.as('seq'),
          ]),
      )
      .with('risk_compared', (qb) =>
        qb
          .selectFrom('screenings as s')
          .innerJoin('screenings as f', (j) => j.onRef('f.person_id', '=', 's.person_id').on('f.seq', '=', 1))
          .where('s.seq', '>', 1)
          .select([
            's.event_id',
            's.person_id',
            's.occurred_on',
            's.seq',
            sql<string>`case when s.tier_rank < f.tier_rank then 'lowered' when s.tier_rank = f.tier_rank then 'same' else 'raised' end`.as('trajectory'),
          ]),
      )
      .with('risk', (qb) =>
        qb
          .selectFrom('risk_compared as r')
          .innerJoin(ref('int_cohort_windows').as('w'), (j) =>
            j.onRef('w.person_id', '=', 'r.person_id').on(sql<boolean>`r.occurred_on between w.window_from and w.window_to`),
          )
          .select(
            factRow('risk_trajectory', { category: 'r.trajectory', factOn: 'r.occurred_on', factId: 'r.event_id', unitId: 'r.person_id', unitSeq: 'r.seq', window: 'w' }),
          ),
      )
      .with('statuses', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .where('ev.event_type', '=', 'eet_status')
          .where('ev.person_id', 'is not', null)
          .select([
            'ev.event_id',
            'ev.person_id',
            'ev.occurred_on',
            sql<string>`coalesce(ev.detail, 'unknown')`.as('status'),
            sql<number>`row_number() over (partition by ev.person_id order by ev.occurred_at, ev.event_id)`.as('seq'),
          ]),
      )
      .with('eet_compared', (qb) =>
        qb
          .selectFrom('statuses as s')
          .innerJoin('statuses as f', (j) => j.onRef('f.person_id', '=', 's.person_id').on('f.seq', '=', 1))
          .where('s.seq', '>', 1)
          .select(['s.event_id', 's.person_id', 's.occurred_on', 's.seq', sql<string>`f.status || '_to_' || s.status`.as('trajectory')]),
      )
      .with('eet', (qb) =>
        qb
          .selectFrom('eet_compared as r')
          .innerJoin(ref('int_cohort_windows').as('w'), (j) =>
            j.onRef('w.person_id', '=', 'r.person_id').on(sql<boolean>`r.occurred_on between w.window_from and w.window_to`),
          )
          .select(
            factRow('eet_trajectory', { category: 'r.trajectory', factOn: 'r.occurred_on', factId: 'r.event_id', unitId: 'r.person_id', unitSeq: 'r.seq', window: 'w' }),
          ),
      )
      .selectFrom('risk')
      .selectAll()
      .unionAll((eb) => eb.selectFrom('eet').selectAll()),
  tests: [
    { unique: ['figure', 'fact_id', 'episode_id'] },
    { not_null: ['metric', 'figure', 'category', 'fact_on', 'fact_id', 'unit_id', 'unit_seq', 'episode_id', 'person_id', 'service', 'locality'] },
    { expression: "figure <> 'risk_trajectory' or category in ('lowered', 'same', 'raised')", name: 'risk trajectory categories' },
    { expression: 'unit_seq >= 2', name: 'compared with an earlier first' },
  ],
});
