import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';
import { factColumns, factRow } from '../indicators/logicModelFigures.ts';

export default defineModel({
  name: 'int_logic_model_episode_facts',
  layer: 'intermediate',
  grain: 'one row per service-level fact of an episode (referral, assessment, allocation, duration, month open, contacts by channel, feedback, group session)',
  materialized: 'view',
  description:
    "The service-level logic-model facts that belong to one episode (indicators.md section 5), each dated so it falls in one month: referrals by source (referral_on), assessments completed by type, allocations (allocated_on); response times in calendar days, dated when the clock stopped: referral to decision (decision_on), referral to allocation (allocated_on), allocation to the first contact of any channel on or after the allocation day (that contact); engagement: each allocated episode open at a month end (the extract date for the current month), the days from allocation to closing of each closed allocated episode, and its contacts, all and by channel (dated at the closing, so the denominator is every episode that closed, with or without contacts); family feedback ratings; group sessions attended, by programme, and each session place attended or not.",
  columns: factColumns,
  query: ({ ref, db }) =>
    db
      .with('ep', (qb) =>
        qb
          .selectFrom(ref('int_episodes').as('i'))
          .innerJoin(ref('stg_episodes').as('s'), 's.episode_id', 'i.episode_id')
          .selectAll('i')
          .select('s.referral_source'),
      )
      .with('referrals', (qb) =>
        qb.selectFrom('ep as e').select(
          factRow('referrals', { category: "coalesce(e.referral_source, 'unknown')", factOn: 'e.referral_on', factId: 'e.episode_id', unitId: 'e.episode_id', episode: 'e' }),
        ),
      )
      .with('assessments', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .innerJoin('ep as e', 'e.episode_id', 'ev.episode_id')
          .where('ev.event_type', '=', 'assessment_completed')
          .select(
            factRow('assessments', { category: "coalesce(ev.detail, 'unknown')", factOn: 'ev.occurred_on', factId: 'ev.event_id', unitId: 'ev.event_id', episode: 'e' }),
          ),
      )
      .with('allocations', (qb) =>
        qb
          .selectFrom('ep as e')
          .where('e.allocated_on', 'is not', null)
          .select(factRow('allocations', { factOn: 'e.allocated_on', factId: 'e.episode_id', unitId: 'e.episode_id', episode: 'e' })),
      )
      .with('to_decision', (qb) =>
        qb
          .selectFrom('ep as e')
          .where('e.decision_on', 'is not', null)
          .select(
            factRow('days_referral_to_decision', {
              factOn: 'e.decision_on',
              factId: 'e.episode_id',
              unitId: 'e.episode_id',
              value: "date_diff('day', e.referral_on, e.decision_on)",
              episode: 'e',
            }),
          ),
      )
      .with('to_allocation', (qb) =>
        qb
          .selectFrom('ep as e')
          .where('e.allocated_on', 'is not', null)
          .select(
            factRow('days_referral_to_allocation', {
              factOn: 'e.allocated_on',
              factId: 'e.episode_id',
              unitId: 'e.episode_id',
              value: "date_diff('day', e.referral_on, e.allocated_on)",
              episode: 'e',
            }),
          ),
      )
      // A contact before the allocation day (duty work) is not the allocated worker's first contact.
      .with('first_contacts', (qb) =>
        qb
          .selectFrom('ep as e')
          .innerJoin(ref('stg_events').as('ev'), (j) =>
            j.onRef('ev.episode_id', '=', 'e.episode_id').on('ev.event_type', '=', 'contact').onRef('ev.occurred_on', '>=', 'e.allocated_on'),
          )
          .groupBy('e.episode_id')
          .select(['e.episode_id', sql<string>`min(ev.occurred_on)`.as('first_contact_on')]),
      )
      .with('to_first_contact', (qb) =>
        qb
          .selectFrom('ep as e')
          .innerJoin('first_contacts as c', 'c.episode_id', 'e.episode_id')
          .select(
            factRow('days_allocation_to_first_contact', {
              factOn: 'c.first_contact_on',
              factId: 'e.episode_id',
              unitId: 'e.episode_id',
              value: "date_diff('day', e.allocated_on, c.first_contact_on)",
              episode: 'e',
            }),
          ),
      )
      // Every month from the allocation to the closing (or the extract date); the current month ends on the extract date.
      .with(
        'month_ends',
        () => sql`(
          select e.*, least(last_day(m.month_start::DATE), e.extracted_on) as month_end
          from ep as e, unnest(generate_series(
            date_trunc('month', e.allocated_on),
            date_trunc('month', least(coalesce(e.closed_on, e.extracted_on), e.extracted_on)),
            interval 1 month
          )) as m(month_start)
          where e.allocated_on is not null
        )`,
      )
      .with('open_at_month_end', (qb) =>
        qb
          .selectFrom('month_ends as e')
          .where(sql<boolean>`e.allocated_on <= e.month_end and (e.closed_on is null or e.closed_on > e.month_end)`)
          .select(
            factRow('open_episodes', {
              factOn: 'e.month_end',
              factId: "e.episode_id || '|' || strftime(e.month_end, '%Y-%m')",
              unitId: 'e.episode_id',
              episode: 'e',
            }),
          ),
      )
      .with('closed', (qb) => qb.selectFrom('ep as e').where('e.allocated_on', 'is not', null).where('e.closed_on', 'is not', null).selectAll('e'))
      .with('lengths', (qb) =>
        qb.selectFrom('closed as e').select(
          factRow('episode_length_days', {
            factOn: 'e.closed_on',
            factId: 'e.episode_id',
            unitId: 'e.episode_id',
            value: "date_diff('day', e.allocated_on, e.closed_on)",
            episode: 'e',
          }),
        ),
      )
      .with('contact_counts', (qb) =>
        qb
          .selectFrom('closed as e')
          .leftJoin(ref('stg_events').as('ev'), (j) => j.onRef('ev.episode_id', '=', 'e.episode_id').on('ev.event_type', '=', 'contact'))
          .groupBy(sql`grouping sets ((e.episode_id), (e.episode_id, ev.detail))`)
          .select([
            'e.episode_id',
            // grouping() tells the all-channels total (every closed episode, zero contacts included) from a channel.
            sql<string | null>`case when grouping(ev.detail) = 1 then 'all' else coalesce(ev.detail, 'unknown') end`.as('channel'),
            sql<number>`count(ev.event_id)`.as('contacts'),
          ]),
      )
      .with('contacts', (qb) =>
        qb
          .selectFrom('contact_counts as c')
          .innerJoin('closed as e', 'e.episode_id', 'c.episode_id')
          // A closed episode with no contacts has a channel row of nulls from the left join: only its "all" row counts.
          .where((eb) => eb.or([eb('c.channel', '=', 'all'), eb('c.contacts', '>', 0)]))
          .select(
            factRow('contacts_per_episode', {
              category: 'c.channel',
              factOn: 'e.closed_on',
              factId: "e.episode_id || '|' || c.channel",
              unitId: 'e.episode_id',
              value: 'c.contacts',
              episode: 'e',
            }),
          ),
      )
      .with('feedback', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .innerJoin('ep as e', 'e.episode_id', 'ev.episode_id')
          .where('ev.event_type', '=', 'family_feedback')
          .where('ev.value', 'is not', null)
          .select(factRow('feedback_rating', { factOn: 'ev.occurred_on', factId: 'ev.event_id', unitId: 'ev.event_id', value: 'ev.value', episode: 'e' })),
      )
      .with('sessions', (qb) =>
        qb
          .selectFrom(ref('stg_events').as('ev'))
          .innerJoin('ep as e', 'e.episode_id', 'ev.episode_id')
          .where('ev.event_type', '=', 'group_session')
          .where('ev.value', 'is not', null)
          .selectAll('e')
          .select(['ev.event_id', 'ev.occurred_on', 'ev.detail', sql<boolean>`ev.value >= 1`.as('attended')]),
      )
      .with('sessions_attended', (qb) =>
        qb
          .selectFrom('sessions as e')
          .where('e.attended', '=', true)
          .select(
            factRow('group_sessions_attended', { category: "coalesce(e.detail, 'unknown')", factOn: 'e.occurred_on', factId: 'e.event_id', unitId: 'e.event_id', episode: 'e' }),
          ),
      )
      .with('session_places', (qb) =>
        qb.selectFrom('sessions as e').select(
          factRow('group_session_attendance', {
            category: "case when e.attended then 'attended' else 'not_attended' end",
            factOn: 'e.occurred_on',
            factId: 'e.event_id',
            unitId: 'e.event_id',
            episode: 'e',
          }),
        ),
      )
      .selectFrom('referrals')
      .selectAll()
      .unionAll((eb) => eb.selectFrom('assessments').selectAll())
      .unionAll((eb) => eb.selectFrom('allocations').selectAll())
      .unionAll((eb) => eb.selectFrom('to_decision').selectAll())
      .unionAll((eb) => eb.selectFrom('to_allocation').selectAll())
      .unionAll((eb) => eb.selectFrom('to_first_contact').selectAll())
      .unionAll((eb) => eb.selectFrom('open_at_month_end').selectAll())
      .unionAll((eb) => eb.selectFrom('lengths').selectAll())
      .unionAll((eb) => eb.selectFrom('contacts').selectAll())
      .unionAll((eb) => eb.selectFrom('feedback').selectAll())
      .unionAll((eb) => eb.selectFrom('sessions_attended').selectAll())
      .unionAll((eb) => eb.selectFrom('session_places').selectAll()),
  tests: [
    { unique: ['figure', 'fact_id'] },
    { not_null: ['metric', 'figure', 'fact_on', 'fact_id', 'unit_id', 'episode_id', 'family_id', 'service', 'locality'] },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
  ],
});
