// Every indicator the dashboard shows and exports, by name. Each entry only names and
// describes a function of models/indicators/; the definition lives there, once, and the
// marts are built from the same functions. To add one: write the function (tested on
// hand-made data), then add an entry here; /api/meta lists it with the filters it
// accepts, which the server works out from the function itself.
import { sql } from 'kysely';
import { baselineStageProfile } from '../../models/indicators/baselineStageProfile.ts';
import { daysOpenBands } from '../../models/indicators/daysOpenBands.ts';
import { distanceTravelled } from '../../models/indicators/distanceTravelled.ts';
import { episodeStatus } from '../../models/indicators/episodeStatus.ts';
import { episodeDimensions, type EpisodeDimension } from '../../models/indicators/filteredEpisodes.ts';
import { familyCircleClosureRoutes } from '../../models/indicators/familyCircleClosureRoutes.ts';
import { gcp2HighToLow } from '../../models/indicators/gcp2HighToLow.ts';
import { openEpisodes } from '../../models/indicators/openEpisodes.ts';
import { referralsByMonth } from '../../models/indicators/referralsByMonth.ts';
import { stageTransitions } from '../../models/indicators/stageTransitions.ts';
import { supportingFamiliesByHeadline } from '../../models/indicators/supportingFamiliesByHeadline.ts';
import { supportingFamiliesSummary } from '../../models/indicators/supportingFamiliesSummary.ts';
import { supportingFamiliesTrend } from '../../models/indicators/supportingFamiliesTrend.ts';
import { caseloadSummary } from '../../models/indicators/caseloadSummary.ts';
import { logicModel } from '../../models/indicators/logicModel.ts';
import { categorisedTotals } from '../../models/indicators/logicModelFigures.ts';
import { practiceCompliance, type ComplianceDimension } from '../../models/indicators/practiceCompliance.ts';
import { prePostSummary } from '../../models/indicators/prePostSummary.ts';
import { waitingList } from '../../models/indicators/waitingList.ts';
import { youthJustice } from '../../models/indicators/youthJustice.ts';
import type { ParamSpec, RegistryEntry } from './RegistryEntry.ts';
import { totalEntry, type TotalSpec } from './totalEntry.ts';

const yesNo = (description: string, dflt: 'true' | 'false'): ParamSpec => ({ description, values: ['true', 'false'], default: dflt });

// Groupings of practice compliance offered to the pages: one dimension, or one with the standard.
const complianceGroupings = ['standard', 'service', 'team', 'locality', 'worker_id', 'month', 'service,standard', 'team,standard', 'locality,standard', 'month,standard'];

const byDimension: ParamSpec = {
  description: 'Group by service, locality or team',
  values: episodeDimensions,
  default: 'service',
};

const entries: RegistryEntry[] = [
  // Episodes (mart_episodes)
  {
    name: 'episode_status',
    title: 'Episodes by status',
    page: 'overview',
    description:
      'Episodes referred in the period by their status at the extract date (waiting, open, closed, not allocated), per service, locality or team, with the group total as denominator.',
    params: { by: byDimension },
    run: (ctx, f, p) => episodeStatus(ctx, f, p.by as EpisodeDimension),
  },
  {
    name: 'referrals_by_month',
    title: 'Referrals by month',
    page: 'overview',
    description: 'Episodes by month of referral and service: referrals, allocated so far, not allocated, waiting, and the share allocated.',
    run: (ctx, f) => referralsByMonth(ctx, f),
  },
  {
    name: 'open_episodes',
    title: 'Open episodes and long cases',
    page: 'practice',
    description:
      'Episodes open at the extract date per service, locality or team: how many, how many open longer than 9 and 12 months (configurable), median and mean days open, and the waiting list with its median wait. As at the extract date: no period.',
    params: { by: byDimension },
    run: (ctx, f, p) => openEpisodes(ctx, f, p.by as EpisodeDimension),
  },
  {
    name: 'days_open_bands',
    title: 'How long open episodes have been open',
    page: 'practice',
    description: 'Open episodes per service in bands of months since referral (under 3, 3-6, 6-9, 9-12, 12 or more), with the share of the service. As at the extract date: no period.',
    run: (ctx, f) => daysOpenBands(ctx, f),
  },

  // Practice standards and caseloads (indicators.md sections 3 and 4)
  {
    name: 'practice_compliance',
    title: 'Practice standards compliance',
    page: 'practice',
    description:
      'Standards met, late, missed and pending, and compliance (met as a share of met + late + missed), by standard or by service, team, locality, worker or month of the due date (optionally with the standard). The period applies to the due date.',
    params: { by: { description: 'Grouping, comma-separated', values: complianceGroupings, default: 'standard' } },
    run: (ctx, f, p) => practiceCompliance(ctx, f, (p.by ?? 'standard').split(',') as ComplianceDimension[]),
  },
  {
    name: 'waiting_list',
    title: 'Waiting list',
    page: 'practice',
    description: 'Episodes on the waiting list at the extract date per service, team or locality: how many, total, mean, median and longest days waiting, and overdue waiting list reviews. No period.',
    params: { by: { description: 'Group by service, team or locality', values: ['service', 'team', 'locality'], default: 'service' } },
    run: (ctx, f, p) => waitingList(ctx, f, p.by as 'service' | 'team' | 'locality'),
  },
  {
    name: 'caseload_summary',
    title: 'Caseloads',
    page: 'practice',
    description:
      'At each month end per team, service or locality: workers, open cases and episodes, the total of their limits (caseload limit x FTE), workers over their limit, and open cases as a share of the limit. The period applies to the month end.',
    params: { by: { description: 'Group by team, service or locality', values: ['team', 'service', 'locality'], default: 'team' } },
    run: (ctx, f, p) => caseloadSummary(ctx, f, p.by as 'team' | 'service' | 'locality'),
  },

  // Supporting Families outcomes (indicators.md section 1)
  {
    name: 'supporting_families_summary',
    title: 'Supporting Families outcomes',
    page: 'outcomes',
    description:
      'Families that became eligible in the period: eligible families, live needs met and sustained, successful family outcomes and families nearly there, each with its denominator.',
    run: (ctx, f) => supportingFamiliesSummary(ctx, f),
  },
  {
    name: 'supporting_families_by_headline',
    title: 'Outcomes by headline',
    page: 'outcomes',
    description:
      'For each of the 10 headlines: families with a live need in it, with all of those needs met, and sustained, with the need counts. The period selects families by when their first need in the headline was identified.',
    params: { eligibleOnly: { description: 'Only eligible families', values: ['true', 'false'], default: 'false' } },
    run: (ctx, f, p) => supportingFamiliesByHeadline(ctx, f, { eligibleOnly: p.eligibleOnly === 'true' }),
  },
  {
    name: 'supporting_families_trend',
    title: 'Eligible families and successful outcomes by month',
    page: 'outcomes',
    description: 'Successful outcomes by month of their success date, and eligible families by the month they became eligible.',
    run: (ctx, f) => supportingFamiliesTrend(ctx, f),
  },

  // Distance travelled (indicators.md section 2)
  {
    name: 'distance_travelled',
    title: 'Distance travelled',
    page: 'distance',
    description:
      'Per tool, edition and area, over the pairs whose latest reading is in the period: mean baseline and latest, mean and median improvement with its 95% confidence interval, effect size, and the shares improved, same, worse, up a stage and reliably improved, with their counts.',
    run: (ctx, f) => distanceTravelled(ctx, f),
  },
  {
    name: 'stage_transitions',
    title: 'Stage transitions',
    page: 'distance',
    description: 'For each tool, edition and area: subjects moving from each baseline stage to each latest stage (every cell, zeros included).',
    run: (ctx, f) => stageTransitions(ctx, f),
  },
  {
    name: 'baseline_stage_profile',
    title: 'Stage profile at baseline',
    page: 'distance',
    description: 'For each tool, edition and area: the share of subjects with a pair whose baseline was in each stage.',
    run: (ctx, f) => baselineStageProfile(ctx, f),
  },
  {
    name: 'gcp2_high_to_low',
    title: 'GCP2: children moving from grade 4-5 to 1-3',
    page: 'distance',
    description: 'Per GCP2 edition and area: of the children whose baseline grade was 4-5, the share whose latest grade is 1-3.',
    run: (ctx, f) => gcp2HighToLow(ctx, f),
  },
  {
    name: 'family_circle_closure_routes',
    title: 'Family Circle closure routes',
    page: 'distance',
    description: 'Of the SF episodes closed with outcomes met in the period: how many closed on route 1, route 2 and neither, and their share.',
    run: (ctx, f) => familyCircleClosureRoutes(ctx, f),
  },

  // Logic models and youth justice (indicators.md sections 5 and 7)
  {
    name: 'logic_model',
    title: 'Logic model measures',
    page: 'logic-model',
    description:
      'Every outcome, determinant, service-level and system measure of the Targeted Youth Support logic models with its figures, per month, locality and service (each can be added up); measures the case data cannot answer are listed as not measurable.',
    params: {
      byMonth: yesNo('One row per month (false: the whole period)', 'true'),
      byLocality: yesNo('One row per locality (false: all localities together)', 'false'),
      byService: yesNo('One row per service (false: all services together)', 'false'),
    },
    run: (ctx, f, p) => logicModel(ctx, f, { byMonth: p.byMonth !== 'false', byLocality: p.byLocality !== 'false', byService: p.byService !== 'false' }),
  },
  {
    name: 'logic_model_category_total',
    title: 'Logic model measures: totals over categories',
    page: 'logic-model',
    description:
      'For each count of the logic models split into categories (referrals by source, offences by type...): the total over its categories, for the whole period or per month. Worked out before small numbers are hidden, so an aggregate-only role sees the total unless it is itself small.',
    params: { byMonth: yesNo('One row per month (false: the whole period)', 'true') },
    // A total over categories, from the logic model's own rows (one definition), as the
    // headline totals are (totalEntry.ts): the page adding up categories would show c for
    // "Missing episodes" (264) whenever one kind (4 from care) is hidden.
    disclosure: {
      counts: ['value'],
      identity: ['metric', 'figure', 'aggregation', 'period'],
      notAdditive: ['logic_model', 'measure_code', 'metric', 'figure', 'aggregation'],
    },
    run: (ctx, f, p) =>
      ctx.db
        .selectFrom(
          logicModel(ctx, f, { byMonth: p.byMonth !== 'false', byLocality: false, byService: false, figures: categorisedTotals })
            .clearOrderBy()
            .as('rows'),
        )
        .select(['logic_model', 'measure_code', 'metric', 'figure', 'aggregation', 'period', sql<number>`sum(value)::DOUBLE`.as('value')])
        .where('aggregation', 'in', ['count', 'sum'])
        .where('category', 'is not', null)
        .groupBy(['logic_model', 'measure_code', 'metric', 'figure', 'aggregation', 'period'])
        .orderBy('logic_model')
        .orderBy('measure_code')
        .orderBy('figure')
        .orderBy('period'),
  },
  {
    name: 'youth_justice',
    title: 'Youth justice',
    page: 'logic-model',
    description:
      'By quarter (and locality): first time entrants and their rate per 10,000 where the population is configured, proven reoffending of the quarterly cohort, custody as a share of court outcomes, and suitable ETE, SEND and looked-after children among YOS orders ended. No service or team filter.',
    params: { byLocality: yesNo('One row per locality (false: the whole authority)', 'true') },
    run: (ctx, f, p) => youthJustice(ctx, f, { byLocality: p.byLocality !== 'false' }),
  },

  // Before and after (indicators.md section 6)
  {
    name: 'pre_post_summary',
    title: 'Before and after, against a comparison group',
    page: 'before-after',
    description:
      'Per measure, for people of closed episodes and for the comparison group (referrals not allocated): people with any event before and after, events per person before and after, the change with its 95% confidence interval, and the difference between the two changes. The period applies to the referral date.',
    run: (ctx, f) => prePostSummary(ctx, f),
  },
];

// Headline totals the pages show beside the breakdowns (Overview and Practice tiles).
const totals: Record<string, TotalSpec | TotalSpec[]> = {
  referrals_by_month: [
    {
      sums: ['referrals', 'allocated'],
      percentages: { pct_allocated: ['allocated', 'referrals'] },
      description: 'Episodes referred in the period and how many of them were allocated.',
    },
    {
      name: 'referrals_by_month_total_by_month',
      sums: ['referrals', 'allocated'],
      keep: ['month'],
      description: 'Episodes referred in each month of the period, all services together (the trend of the referrals total).',
    },
  ],
  open_episodes: {
    sums: ['open_episodes', 'waiting_episodes', 'open_over_9_months', 'open_over_12_months'],
    percentages: { pct_open_over_9_months: ['open_over_9_months', 'open_episodes'], pct_open_over_12_months: ['open_over_12_months', 'open_episodes'] },
    description: 'Episodes open at the extract date, waiting, and open longer than 9 and 12 months (configurable).',
  },
  waiting_list: {
    sums: ['waiting', 'reviews_overdue'],
    description: 'Episodes on the waiting list at the extract date (decided waiting_list, not yet allocated) and how many have an overdue waiting list review.',
  },
  practice_compliance: {
    sums: ['met', 'late', 'missed', 'pending', 'due'],
    percentages: { compliance_pct: ['met', 'due'] },
    description: 'Practice standards falling due in the period: met, late, missed and pending, and compliance.',
  },
  caseload_summary: {
    sums: ['workers', 'workers_over_limit', 'open_cases'],
    rateSums: { caseload_limit: 'workers' },
    percentages: { pct_of_limit: ['open_cases', 'caseload_limit'] },
    keep: ['month_end'],
    description: 'At each month end: workers with open cases, workers over their caseload limit, their open cases, the total of their limits and open cases as a share of it.',
  },
  supporting_families_trend: {
    sums: ['eligible_families', 'successful_outcomes'],
    // Successes by their own date: what a payment-by-results claim for the period counts.
    description: 'Families that became eligible in the period, and successful outcomes whose success date is in the period.',
  },
  distance_travelled: {
    sums: ['n_pairs', 'n_improved', 'n_with_reliable_threshold', 'n_reliable'],
    percentages: { pct_improved: ['n_improved', 'n_pairs'], pct_reliable_improvement: ['n_reliable', 'n_with_reliable_threshold'] },
    // A subject has a pair in each area of its tool, so this counts pairs, not people.
    description: 'Baseline and latest pairs (one per subject and area) whose latest reading is in the period, improved and reliably improved.',
  },
};

export const indicators: RegistryEntry[] = [
  ...entries,
  ...entries.flatMap((e) => [totals[e.name] ?? []].flat().map((spec) => totalEntry(e, spec))),
];
