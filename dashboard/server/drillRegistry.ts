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
import type { RegistryEntry } from './RegistryEntry.ts';

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
