// Every indicator the dashboard shows and exports, by name. Each entry only names and
// describes a function of models/indicators/; the definition lives there, once, and the
// marts are built from the same functions. To add one: write the function (tested on
// hand-made data), then add an entry here; /api/meta lists it with the filters it
// accepts, which the server works out from the function itself.
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
import type { ParamSpec, RegistryEntry } from './RegistryEntry.ts';

const byDimension: ParamSpec = {
  description: 'Group by service, locality or team',
  values: episodeDimensions,
  default: 'service',
};

export const indicators: RegistryEntry[] = [
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
];
