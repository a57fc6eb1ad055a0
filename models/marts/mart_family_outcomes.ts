import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

// indicators.md section 1, at family grain. Every family is a row (a family with no live
// need is simply not eligible), so filtered counts always have their denominator.
//
// "The episode" of a family's outcome (lead practitioner, assessment, plan; closed for
// nearly there): the latest, by referral date, of the episodes its live needs are
// measured from (int_needs_sustained.reference_episode_id). Needs normally name the
// episode they were identified in, so this is the family's Supporting Families episode;
// when they name several, the latest is the one whose work the claim rests on.
//
// Eligible date: the identified_on of the family's minLiveNeeds-th live need (config: the
// third) in identification order; with minDistinctHeadlines on, the later of that and the
// date the minDistinctHeadlines-th distinct headline was first identified, since the
// family is eligible only once both hold. Membership of a child has no date in the data,
// so it does not move the date.
export default defineModel({
  name: 'mart_family_outcomes',
  layer: 'marts',
  grain: 'one row per family',
  materialized: 'table',
  description:
    'Supporting Families outcomes per family (indicators.md section 1): live needs, eligibility, needs met and sustained, successful family outcome with its date (payment by results), and "nearly there" with the one need still outstanding. Thresholds from config.supportingFamilies.',
  columns: {
    family_id: 'Family identifier',
    locality: "The family's locality",
    live_needs: 'Needs whose latest review is not withdrawn (or never reviewed)',
    headlines: 'Distinct headlines among the live needs',
    has_child: 'At least one member with role child or unborn',
    eligible: 'live_needs >= minLiveNeeds, headlines >= minDistinctHeadlines when that is configured, and has_child',
    eligible_on: 'Date the family became eligible (identified_on of its minLiveNeeds-th live need, later if a distinct-headline minimum applies); null unless eligible',
    needs_met: 'Live needs whose latest review is met or sustained',
    needs_sustained: 'Live needs sustained (met, and met at least sustainedMonths after the closing of their episode)',
    latest_met_on: 'Latest met date among the live needs; null when none is met',
    episode_id: "The outcome episode: the latest (by referral) of the episodes the family's live needs are measured from; null when none",
    service: 'Service of the outcome episode',
    team: 'Team of the outcome episode',
    episode_locality: 'Locality of the outcome episode (its own, else the family\'s)',
    worker_id: 'Allocated practitioner of the outcome episode',
    episode_closed_on: 'Closing date of the outcome episode; null while open',
    lead_practitioner: 'The outcome episode records its worker as lead practitioner',
    assessment_completed: 'The outcome episode has an assessment_completed event',
    plan_agreed: 'The outcome episode has a plan_agreed event',
    outstanding_need_id: 'When exactly one live need is not sustained: that need; else null',
    outstanding_headline: 'Headline of outstanding_need_id',
    outstanding_need_code: 'Local descriptor of outstanding_need_id',
    outstanding_latest_status: 'Latest review status of outstanding_need_id; null when never reviewed',
    outstanding_latest_reviewed_on: 'Date of that review',
    outstanding_sustainable_from: 'First date a met review of outstanding_need_id can show it sustained; null while its episode is open',
    nearly_there: 'Eligible, outcome episode closed, not a successful outcome, and exactly one live need not sustained',
    successful_outcome: 'Eligible, every live need sustained, and the outcome episode had a lead practitioner, an assessment_completed and a plan_agreed event',
    success_on: 'Latest sustained date among the live needs; null unless successful_outcome',
  },
  query: ({ ref, db, config }) => {
    const { minLiveNeeds, minDistinctHeadlines } = config.supportingFamilies;
    return (
      db
        .with('live', (qb) =>
          qb
            .selectFrom(ref('int_needs_sustained').as('n'))
            .leftJoin(ref('int_episodes').as('e'), 'e.episode_id', 'n.reference_episode_id')
            .select([
              'n.need_id',
              'n.family_id',
              'n.headline',
              'n.identified_on',
              'n.is_met',
              'n.met_on',
              'n.is_sustained',
              'n.sustained_on',
              'n.reference_episode_id',
              'e.referral_on as reference_referral_on',
              sql<number>`row_number() over (partition by n.family_id order by n.identified_on, n.need_id)`.as('need_order'),
            ])
            .where('n.is_live', '=', true),
        )
        .with('need_counts', (qb) =>
          qb
            .selectFrom('live')
            .select([
              'family_id',
              sql<number>`count(*)::INTEGER`.as('live_needs'),
              sql<number>`count(distinct headline)::INTEGER`.as('headlines'),
              sql<number>`count(*) filter (where is_met)::INTEGER`.as('needs_met'),
              sql<number>`count(*) filter (where is_sustained)::INTEGER`.as('needs_sustained'),
              sql<string | null>`max(met_on)`.as('latest_met_on'),
              sql<string | null>`max(sustained_on)`.as('latest_sustained_on'),
              // Only read when exactly one need is not sustained, so any_value is that need.
              sql<string | null>`any_value(need_id) filter (where not is_sustained)`.as('unsustained_need_id'),
            ])
            .groupBy('family_id'),
        )
        .with('nth_need', (qb) =>
          qb
            .selectFrom('live')
            .select(['family_id', 'identified_on as nth_need_on'])
            .where('need_order', '=', sql.lit(minLiveNeeds)),
        )
        .with('headline_first', (qb) =>
          qb
            .selectFrom('live')
            .select(['family_id', 'headline', sql<string>`min(identified_on)`.as('first_on')])
            .groupBy(['family_id', 'headline']),
        )
        .with('kth_headline', (qb) =>
          qb
            .selectFrom('headline_first')
            .select([
              'family_id',
              'first_on as kth_headline_on',
              sql<number>`row_number() over (partition by family_id order by first_on, headline)`.as('headline_order'),
            ]),
        )
        .with('children', (qb) =>
          qb
            .selectFrom(ref('stg_people').as('p'))
            .select(['p.family_id', sql<boolean>`bool_or(p.role in ('child', 'unborn'))`.as('has_child')])
            .groupBy('p.family_id'),
        )
        .with('outcome_episode', (qb) =>
          qb
            .selectFrom('live')
            .select([
              'family_id',
              'reference_episode_id as episode_id',
              sql<number>`row_number() over (partition by family_id order by reference_referral_on desc nulls last, reference_episode_id desc)`.as(
                'recency',
              ),
            ])
            .where('reference_episode_id', 'is not', null),
        )
        .with('practice', (qb) =>
          qb
            .selectFrom(ref('stg_events').as('v'))
            .select([
              'v.episode_id',
              sql<boolean>`bool_or(v.event_type = 'assessment_completed')`.as('assessment_completed'),
              sql<boolean>`bool_or(v.event_type = 'plan_agreed')`.as('plan_agreed'),
            ])
            .where('v.event_type', 'in', ['assessment_completed', 'plan_agreed'])
            .where('v.episode_id', 'is not', null)
            .groupBy('v.episode_id'),
        )
        .with('families', (qb) =>
          qb
            .selectFrom(ref('stg_families').as('f'))
            .leftJoin('need_counts as c', 'c.family_id', 'f.family_id')
            .leftJoin('nth_need as nn', 'nn.family_id', 'f.family_id')
            .leftJoin('kth_headline as kh', (j) =>
              j.onRef('kh.family_id', '=', 'f.family_id').on('kh.headline_order', '=', sql.lit(minDistinctHeadlines ?? 1)),
            )
            .leftJoin('children as ch', 'ch.family_id', 'f.family_id')
            .leftJoin('outcome_episode as oe', (j) => j.onRef('oe.family_id', '=', 'f.family_id').on('oe.recency', '=', 1))
            .leftJoin(ref('int_episodes').as('e'), 'e.episode_id', 'oe.episode_id')
            .leftJoin(ref('stg_episodes').as('se'), 'se.episode_id', 'oe.episode_id')
            .leftJoin('practice as pr', 'pr.episode_id', 'oe.episode_id')
            .select([
              'f.family_id',
              'f.locality',
              sql<number>`coalesce(c.live_needs, 0)`.as('live_needs'),
              sql<number>`coalesce(c.headlines, 0)`.as('headlines'),
              sql<boolean>`coalesce(ch.has_child, false)`.as('has_child'),
              sql<number>`coalesce(c.needs_met, 0)`.as('needs_met'),
              sql<number>`coalesce(c.needs_sustained, 0)`.as('needs_sustained'),
              'c.latest_met_on',
              'c.latest_sustained_on',
              'c.unsustained_need_id',
              'nn.nth_need_on',
              'kh.kth_headline_on',
              'oe.episode_id',
              'e.service',
              'e.team',
              'e.locality as episode_locality',
              'e.worker_id',
              'e.closed_on as episode_closed_on',
              sql<boolean>`coalesce(se.lead_practitioner, false)`.as('lead_practitioner'),
              sql<boolean>`coalesce(pr.assessment_completed, false)`.as('assessment_completed'),
              sql<boolean>`coalesce(pr.plan_agreed, false)`.as('plan_agreed'),
            ]),
        )
        .with('eligibility', (qb) =>
          qb
            .selectFrom('families')
            .selectAll()
            .select(
              sql<boolean>`live_needs >= ${sql.lit(minLiveNeeds)} and ${
                minDistinctHeadlines === null ? sql`true` : sql`headlines >= ${sql.lit(minDistinctHeadlines)}`
              } and has_child`.as('eligible'),
            ),
        )
        .with('outcomes', (qb) =>
          qb
            .selectFrom('eligibility')
            .selectAll()
            .select(
              sql<boolean>`eligible and needs_sustained = live_needs and lead_practitioner and assessment_completed and plan_agreed`.as(
                'successful_outcome',
              ),
            ),
        )
        .with('with_outstanding', (qb) =>
          qb
            .selectFrom('outcomes as o')
            // Performance: the one-need condition goes into the join key (null, so no match,
            // otherwise) rather than beside it in the ON clause: a condition on the left side
            // alone made DuckDB give up the hash join for a nested loop (40k x 80k, 6 s).
            .leftJoin(ref('int_needs_sustained').as('u'), (j) =>
              j.on(
                'u.need_id',
                '=',
                sql<string | null>`case when o.live_needs - o.needs_sustained = 1 then o.unsustained_need_id end`,
              ),
            )
            .selectAll('o')
            .select([
              'u.need_id as outstanding_need_id',
              'u.headline as outstanding_headline',
              'u.need_code as outstanding_need_code',
              'u.latest_status as outstanding_latest_status',
              'u.latest_reviewed_on as outstanding_latest_reviewed_on',
              'u.sustainable_from as outstanding_sustainable_from',
            ]),
        )
        .selectFrom('with_outstanding')
        .select([
          'family_id',
          'locality',
          'live_needs',
          'headlines',
          'has_child',
          'eligible',
          sql<string | null>`case when eligible then ${
            minDistinctHeadlines === null ? sql`nth_need_on` : sql`greatest(nth_need_on, kth_headline_on)`
          } end`.as('eligible_on'),
          'needs_met',
          'needs_sustained',
          'latest_met_on',
          'episode_id',
          'service',
          'team',
          'episode_locality',
          'worker_id',
          'episode_closed_on',
          'lead_practitioner',
          'assessment_completed',
          'plan_agreed',
          'outstanding_need_id',
          'outstanding_headline',
          'outstanding_need_code',
          'outstanding_latest_status',
          'outstanding_latest_reviewed_on',
          'outstanding_sustainable_from',
          sql<boolean>`eligible and episode_closed_on is not null and not successful_outcome and live_needs - needs_sustained = 1`.as(
            'nearly_there',
          ),
          'successful_outcome',
          sql<string | null>`case when successful_outcome then latest_sustained_on end`.as('success_on'),
        ])
        // Stored by service and eligibility date first: the dashboard filters on both, and
        // DuckDB skips blocks whose min/max (zone maps) exclude the filter.
        .orderBy('service')
        .orderBy('eligible_on')
        .orderBy('family_id')
    );
  },
  tests: [
    { unique: 'family_id' },
    {
      not_null: [
        'family_id',
        'locality',
        'live_needs',
        'headlines',
        'has_child',
        'eligible',
        'needs_met',
        'needs_sustained',
        'nearly_there',
        'successful_outcome',
      ],
    },
    { relationships: { column: 'family_id', to: 'stg_families', field: 'family_id' } },
    { relationships: { column: 'episode_id', to: 'int_episodes', field: 'episode_id' } },
    { expression: 'needs_sustained <= needs_met and needs_met <= live_needs', name: 'sustained within met within live' },
    { expression: 'headlines <= live_needs', name: 'headlines within live needs' },
    { expression: 'eligible = (eligible_on is not null)', name: 'eligible exactly when dated' },
    { expression: 'successful_outcome = (success_on is not null)', name: 'successful exactly when dated' },
    { expression: 'not (successful_outcome and nearly_there)', name: 'nearly there is not yet successful' },
    { expression: 'not successful_outcome or (eligible and episode_closed_on is not null and success_on >= episode_closed_on)', name: 'success after closing' },
  ],
});
