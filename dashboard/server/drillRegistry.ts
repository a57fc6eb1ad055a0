// The rows behind the numbers. A drill-down is the row-level form of one or more
// indicators: it starts from the same filtered rows (filteredEpisodes, readingPairs,
// ...) and narrows them by the parameters a clicked number carries (status=open,
// tool=..&area=..). Identifiers are pseudonymised by runQuery before they leave.
import { sql } from 'kysely';
import { codes } from '../../pipeline/contract/codes.ts';
import { daysOpenBandLimits, openMoreThan } from '../../models/indicators/daysOpenBands.ts';
import { episodeStatuses } from '../../models/indicators/episodeStatus.ts';
import { filteredEpisodes } from '../../models/indicators/filteredEpisodes.ts';
import { nearlyThereList } from '../../models/indicators/nearlyThereList.ts';
import { readingPairs } from '../../models/indicators/readingPairs.ts';
import { caseloadRows } from '../../models/indicators/caseloadRows.ts';
import { familyCircleClosureRows } from '../../models/indicators/familyCircleClosureRows.ts';
import { cohortEpisodes, cohortOutcomes, type CohortOptions } from '../../models/indicators/cohortEpisodes.ts';
import { longOpenEpisodes } from '../../models/indicators/longOpenEpisodes.ts';
import { overdueStandards } from '../../models/indicators/overdueStandards.ts';
import { practiceStandardRows } from '../../models/indicators/practiceStandardRows.ts';
import { prePostRows } from '../../models/indicators/prePostRows.ts';
import { waitingListEpisodes } from '../../models/indicators/waitingList.ts';
import { workersOverLimit } from '../../models/indicators/workersOverLimit.ts';
import { prePostEventMeasures } from '../../models/marts/mart_pre_post.ts';
import { loadConfig } from '../../models/config.ts';
import type { RegistryEntry } from './RegistryEntry.ts';

/** Practice standard codes, from the seed behind the configuration (the same for every council). */
const standards = Object.keys(loadConfig().practiceStandards.clocks).sort();

const episodeColumns = [
  'episode_id',
  'family_id',
  'subject_person_id',
  'service',
  'team',
  'locality',
  'worker_id',
  'referral_on',
  'allocated_on',
  'closed_on',
  'closure_reason',
  'days_open',
  'status',
] as const;

export const drills: RegistryEntry[] = [
  {
    name: 'cohort',
    title: 'Cohort of episodes',
    page: 'cohort',
    description:
      "Episodes matching the filters (period on the referral date), optionally only of families with a live need in one headline, with a distance-travelled pair on one tool, or with one Supporting Families outcome; with the family's outcome flags and the young person's age band, sex, ethnicity and SEND.",
    params: {
      need: { description: 'Families with a live need in this headline', values: codes.headline },
      tool: { description: 'Episodes with a baseline and latest reading on this tool', values: codes.tool },
      outcome: { description: 'Supporting Families outcome of the family', values: cohortOutcomes },
    },
    run: (ctx, f, p) => cohortEpisodes(ctx, f, { need: p.need, tool: p.tool, outcome: p.outcome as CohortOptions['outcome'] }),
  },
  {
    name: 'episodes',
    title: 'Episodes',
    page: 'practice',
    description:
      'The episodes behind an episode count: referred in the period (when one is given), of the selected services, localities and teams, optionally of one status, open longer than a number of months, or in one band of time open.',
    params: {
      status: { description: 'Status at the extract date', values: episodeStatuses },
      openOverMonths: { description: 'Open episodes open longer than this many months since referral', pattern: /^\d{1,3}$/ },
      band: { description: 'Open episodes in this band of time open (days_open_bands)', values: daysOpenBandLimits.map(([label]) => label) },
    },
    run: (ctx, f, p) => {
      let q = filteredEpisodes(ctx, f).clearSelect().select([...episodeColumns]);
      if (p.status) q = q.where('status', '=', p.status);
      // The same month rule as openEpisodes and daysOpenBands, so the rows add up to their numbers.
      const over = (months: number) => openMoreThan(sql<number>`${months}::INTEGER`);
      if (p.openOverMonths) q = q.where('status', '=', 'open').where(over(Number(p.openOverMonths)));
      if (p.band) {
        const [, from, to] = daysOpenBandLimits.find(([label]) => label === p.band)!;
        q = q.where('status', '=', 'open');
        if (from > 0) q = q.where(over(from));
        if (to !== null) q = q.where(sql<boolean>`not ${over(to)}`);
      }
      return q.orderBy('referral_on', 'desc').orderBy('episode_id');
    },
  },
  {
    name: 'long_open_episodes',
    title: 'Episodes open a long time',
    page: 'practice',
    description: 'Open episodes open longer than the configured months (9 and 12 by default), longest first, with a flag for each threshold. As at the extract date: no period.',
    run: (ctx, f) => longOpenEpisodes(ctx, f),
  },
  {
    name: 'waiting_list_episodes',
    title: 'Episodes on the waiting list',
    page: 'practice',
    description: 'Episodes decided waiting_list and neither allocated nor closed at the extract date, longest wait first. No period.',
    run: (ctx, f) => waitingListEpisodes(ctx, f),
  },
  {
    name: 'practice_standards',
    title: 'Practice standard occurrences',
    page: 'practice',
    description: 'The rows behind a compliance figure: each episode and standard occurrence with its start, due and done dates and status, optionally of one standard and one status. The period applies to the due date.',
    params: {
      standard: { description: 'Practice standard', values: standards },
      status: { description: 'Status', values: ['met', 'late', 'missed', 'pending', 'not_applicable'] },
    },
    run: (ctx, f, p) => {
      let q = ctx.db.selectFrom(practiceStandardRows(ctx, f).as('ps')).selectAll();
      if (p.standard) q = q.where('standard', '=', p.standard);
      if (p.status) q = q.where('status', '=', p.status);
      return q.orderBy('due_on', 'desc').orderBy('episode_id').orderBy('standard').orderBy('occurrence');
    },
  },
  {
    name: 'overdue_standards',
    title: 'Overdue practice standards',
    page: 'practice',
    description: 'The overdue work list: standards not done by their due date that are still owed on an open episode or one waiting for allocation, and closure summaries not yet written (a waiting list review only while still waiting; a return home interview on an episode still open, the child\'s latest found event only), with the worker and days overdue at the extract date, longest overdue first; optionally of one standard.',
    params: { standard: { description: 'Practice standard', values: standards } },
    run: (ctx, f, p) => {
      let q = ctx.db.selectFrom(overdueStandards(ctx, f).as('o')).selectAll();
      if (p.standard) q = q.where('standard', '=', p.standard);
      return q.orderBy('days_overdue', 'desc').orderBy('episode_id').orderBy('standard').orderBy('occurrence');
    },
  },
  {
    name: 'caseloads',
    title: 'Caseloads by worker',
    page: 'practice',
    description: 'Each worker at each month end: open cases and episodes against their limit (caseload limit x FTE); optionally one month end, or only those over their limit. The period applies to the month end.',
    params: {
      monthEnd: { description: 'One month end (YYYY-MM-DD)', kind: 'date' },
      overLimit: { description: 'Only workers over their limit', values: ['true', 'false'] },
    },
    run: (ctx, f, p) => {
      let q = caseloadRows(ctx, f);
      if (p.monthEnd) q = q.where('c.month_end', '=', sql<string>`${p.monthEnd}::DATE`);
      if (p.overLimit) q = q.where('c.over_limit', '=', p.overLimit === 'true');
      return q.orderBy('c.month_end', 'desc').orderBy('c.team').orderBy('c.worker_id');
    },
  },
  {
    name: 'workers_over_limit',
    title: 'Workers over their caseload limit',
    page: 'practice',
    description: 'At the latest month end of the filtered period: each worker with more open cases than their limit, furthest over first.',
    run: (ctx, f) => workersOverLimit(ctx, f),
  },
  {
    name: 'pre_post',
    title: 'Before and after rows',
    page: 'before-after',
    description: 'The people and episodes behind a before-and-after figure: events (or attendance) before referral and after closure, optionally of one measure and one group.',
    params: {
      measure: { description: 'Measure', values: [...prePostEventMeasures, 'school_attendance'] },
      group: { description: 'intervention (closed allocated episodes) or comparison (referrals not allocated)', values: ['intervention', 'comparison'] },
    },
    run: (ctx, f, p) => {
      let q = prePostRows(ctx, f);
      if (p.measure) q = q.where('r.measure', '=', p.measure);
      if (p.group) q = q.where('r.comparison_group', '=', p.group === 'comparison');
      return q.orderBy('r.measure').orderBy('r.referral_on', 'desc').orderBy('r.person_id').orderBy('r.episode_id');
    },
  },
  {
    name: 'family_circle_closures',
    title: 'Family Circle closures',
    page: 'distance',
    description: 'The SF episodes closed with outcomes met behind the closure routes (period on the closing date), optionally of one route.',
    params: { route: { description: 'Closure route', values: ['route_1', 'route_2', 'none'] } },
    run: (ctx, f, p) => {
      let q = familyCircleClosureRows(ctx, f);
      if (p.route) q = q.where('c.route', '=', p.route);
      return q.orderBy('c.closed_on', 'desc').orderBy('c.episode_id');
    },
  },
  {
    name: 'nearly_there',
    title: 'Families nearly there',
    page: 'outcomes',
    description:
      'Eligible families with a closed episode, not yet a successful outcome, with exactly one live need not sustained: who holds them and which need to chase.',
    run: (ctx, f) => nearlyThereList(ctx, f),
  },
  {
    name: 'reading_pairs',
    title: 'Distance travelled pairs',
    page: 'distance',
    description: 'The baseline and latest readings of each subject behind a distance-travelled figure, optionally of one tool, edition and area, and one kind of change.',
    params: {
      tool: { description: 'Assessment tool', values: codes.tool },
      edition: { description: 'Tool edition', pattern: /^[A-Za-z0-9_.-]{1,40}$/ },
      area: { description: 'Outcome area', values: codes.area },
      change: { description: 'Kind of change', values: ['improved', 'same', 'worse', 'stage_up', 'reliable_improvement'] },
    },
    run: (ctx, f, p) => {
      let q = ctx.db.selectFrom(readingPairs(ctx, f).as('p')).selectAll();
      if (p.tool) q = q.where('tool', '=', p.tool);
      if (p.edition) q = q.where('edition', '=', p.edition);
      if (p.area) q = q.where('area', '=', p.area);
      if (p.change) q = q.where(sql.ref(p.change), '=', true);
      return q.orderBy('tool').orderBy('edition').orderBy('area').orderBy('episode_id').orderBy('person_id');
    },
  },
];
