import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

export default defineModel({
  name: 'int_yos_orders_ended',
  layer: 'intermediate',
  grain: 'one row per closed YOS episode that was not prevention work',
  materialized: 'view',
  description:
    "Youth justice orders and disposals that ended, for the 2023 youth justice key performance indicators the extract can answer (indicators.md section 7): suitable education, training or employment at the end (the person's latest eet_status recorded during the episode, up to its closing, is eet; none recorded or unknown is not suitable), special educational needs or disability (people.send), and looked-after children in the justice system (people.looked_after, or a looked_after_start event on or before the closing). The KPIs are about children whose order or disposal ended, so YOS episodes of order_type prevention are left out; an episode without an order_type is kept.",
  columns: {
    episode_id: 'The YOS episode',
    person_id: 'The young person (subject of the episode)',
    family_id: 'Family',
    team: "The episode's team",
    locality: "The episode's locality, else the family's",
    order_type: 'Order or disposal; null when not recorded',
    referral_on: 'Start of the episode',
    closed_on: 'End of the order: the closing date',
    ete_status_at_end: 'Latest eet_status during the episode (eet, neet, unknown); null when none was recorded',
    suitable_ete: 'ete_status_at_end is eet',
    send: 'Special educational needs or disability',
    looked_after: 'Looked after (people.looked_after) or a looked_after_start on or before the closing',
  },
  query: ({ ref, db }) =>
    db
      .with('orders', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('e'))
          .innerJoin(ref('stg_episodes').as('s'), 's.episode_id', 'e.episode_id')
          .where('e.service', '=', 'YOS')
          .where('e.closed_on', 'is not', null)
          .where('e.subject_person_id', 'is not', null)
          .where(sql<boolean>`s.order_type is distinct from 'prevention'`)
          .select([
            'e.episode_id',
            'e.subject_person_id as person_id',
            'e.family_id',
            'e.team',
            'e.locality',
            's.order_type',
            'e.referral_on',
            'e.closed_on',
          ]),
      )
      .with('ete_ranked', (qb) =>
        qb
          .selectFrom('orders as o')
          .innerJoin(ref('stg_events').as('ev'), (j) =>
            j
              .onRef('ev.person_id', '=', 'o.person_id')
              .on('ev.event_type', '=', 'eet_status')
              .on(sql<boolean>`ev.occurred_on between o.referral_on and o.closed_on`),
          )
          .select([
            'o.episode_id',
            'ev.detail',
            sql<number>`row_number() over (partition by o.episode_id order by ev.occurred_at desc, ev.event_id desc)`.as('latest_order'),
          ]),
      )
      .with('lac_starts', (qb) =>
        qb
          .selectFrom('orders as o')
          .innerJoin(ref('stg_events').as('ev'), (j) =>
            j
              .onRef('ev.person_id', '=', 'o.person_id')
              .on('ev.event_type', '=', 'looked_after_start')
              .onRef('ev.occurred_on', '<=', 'o.closed_on'),
          )
          .select('o.episode_id')
          .distinct(),
      )
      .selectFrom('orders as o')
      .innerJoin(ref('int_people').as('p'), 'p.person_id', 'o.person_id')
      .leftJoin('ete_ranked as ete', (j) => j.onRef('ete.episode_id', '=', 'o.episode_id').on('ete.latest_order', '=', 1))
      .leftJoin('lac_starts as lac', 'lac.episode_id', 'o.episode_id')
      .select([
        'o.episode_id',
        'o.person_id',
        'o.family_id',
        'o.team',
        'o.locality',
        'o.order_type',
        'o.referral_on',
        'o.closed_on',
        'ete.detail as ete_status_at_end',
        sql<boolean>`coalesce(ete.detail = 'eet', false)`.as('suitable_ete'),
        'p.send',
        sql<boolean>`p.looked_after or lac.episode_id is not null`.as('looked_after'),
      ]),
  tests: [
    { unique: 'episode_id' },
    { not_null: ['episode_id', 'person_id', 'locality', 'closed_on', 'suitable_ete', 'send', 'looked_after'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { accepted_values: { column: 'ete_status_at_end', values: ['eet', 'neet', 'unknown'] } },
  ],
});
