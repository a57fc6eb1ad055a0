import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../models/config.ts';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { longOpenEpisodes } from '../../../models/indicators/longOpenEpisodes.ts';
import { openEpisodes } from '../../../models/indicators/openEpisodes.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, event, failingDataTests, indicatorContext, practiceStandardModels, standardRows, timing, type Extract, type Row } from './helpers.ts';

// Long case review (indicators.md section 3): once a FIT/YIT episode passes 12 months open
// (allocated_on + the seed's start offset of 365 days), a management_oversight within the
// configured 28 days. Long open episodes: open longer than each of
// config.practiceStandards.longOpenMonths (9 and 12), counted from the referral as
// mart_episodes.days_open is. Extract date 2025-06-30; no 29 February falls in these spans.
const EXTRACTED_ON = '2025-06-30';

const fit = (episode_id: string, referral_on: string, allocated_on: string, closed_on: string | null = null): Row => ({
  episode_id,
  family_id: 'F1',
  service: 'FIT',
  referral_on,
  decision: 'allocated',
  decision_on: allocated_on,
  allocated_on,
  worker_id: 'W1',
  closed_on,
  closure_reason: closed_on ? 'outcomes_met' : null,
});

const extract: Extract = {
  families: [{ family_id: 'F1', locality: 'Hadley' }],
  episodes: [
    fit('E40', '2024-04-29', '2024-05-01'),
    fit('E41', '2024-04-29', '2024-05-01'),
    fit('E42', '2024-06-12', '2024-06-15'),
    fit('E43', '2024-04-29', '2024-05-01', '2025-04-30'),
    fit('E44', '2024-06-18', '2024-06-20', '2025-06-25'),
    fit('E45', '2024-07-28', '2024-07-30'),
    fit('E46', '2024-09-30', '2024-10-01'),
    fit('E47', '2024-09-29', '2024-10-01'),
  ],
  events: [
    event('M1', 'management_oversight', '2024-05-10', { episode_id: 'E40' }),
    event('M2', 'management_oversight', '2025-05-20', { episode_id: 'E40' }),
    event('M3', 'management_oversight', '2024-05-10', { episode_id: 'E41' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards', '+mart_episodes', '+mart_waiting_list']);
});
afterAll(() => db.close());

describe('long_case_review', () => {
  it.each([
    // Allocated 1 May 2024: 12 months open on 1 May 2025 (+365), due 1 May + 28 = 29 May;
    // oversight on 20 May 2025: met. The oversight of 10 May 2024 is before the clock.
    ['E40#1', { start_on: '2025-05-01', due_on: '2025-05-29', done_on: '2025-05-20', status: 'met', days_late: null }],
    // Only the early oversight: missed, 29 May -> 30 Jun = 32 days.
    ['E41#1', { start_on: '2025-05-01', due_on: '2025-05-29', done_on: null, status: 'missed', days_late: 32 }],
    // Allocated 15 Jun 2024: started 15 Jun 2025, due 13 Jul: pending.
    ['E42#1', { start_on: '2025-06-15', due_on: '2025-07-13', done_on: null, status: 'pending', days_late: null }],
    // Closed 30 Apr 2025, the day before it would have passed 12 months: not applicable.
    ['E43#-', { start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null }],
    // Passed 12 months on 20 Jun 2025 (due 18 Jul) and closed on 25 Jun without the oversight: missed, 0 days overdue.
    ['E44#1', { start_on: '2025-06-20', due_on: '2025-07-18', done_on: null, status: 'missed', days_late: 0 }],
    // Allocated 30 Jul 2024: 12 months only on 30 Jul 2025, after the extract date: not applicable yet.
    ['E45#-', { start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null }],
  ])('%s', async (key, expected) => {
    expect(timing((await standardRows(db, 'long_case_review'))[key])).toEqual(expected);
  });

  it('counts the 365 days from the seed and the 28 days from the configuration', async () => {
    const config = resolveConfig({ practiceStandards: { clocks: { long_case_review: { FIT: { clockDays: 60 } } } } });
    const other = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards'], config);
    try {
      // E41: 1 May 2025 + 60 = 30 Jun = the extract date: not yet past due, pending.
      expect(timing((await standardRows(other, 'long_case_review'))['E41#1'])).toMatchObject({ due_on: '2025-06-30', status: 'pending' });
    } finally {
      other.close();
    }
  });
});

describe('longOpenEpisodes', () => {
  it('lists open episodes open longer than 9 months, flagging 9 and 12, longest first', async () => {
    const rows = await longOpenEpisodes(indicatorContext(db), noFilters).execute();
    // Days open from referral to 30 Jun 2025: E40, E41 29 Apr 2024: 427; E42 12 Jun 2024: 383
    // (12 Jun 2025 is before the extract date: over 12 months); E45 28 Jul 2024: 337 (9 months
    // = 28 Apr 2025: over; 12 months = 28 Jul 2025: not); E47 29 Sep 2024: 274 (9 months =
    // 29 Jun 2025: over). E46, referred 30 Sep 2024, reaches 9 months exactly on the extract
    // date: not longer. E43, E44 are closed.
    expect(rows.map((r) => [r.episode_id, r.days_open, r.open_over_9_months, r.open_over_12_months])).toEqual([
      ['E40', 427, true, true],
      ['E41', 427, true, true],
      ['E42', 383, true, true],
      ['E45', 337, true, false],
      ['E47', 274, true, false],
    ]);
    // Days since allocation: E40 1 May 2024 -> 30 Jun 2025 = 425.
    expect(rows[0]).toMatchObject({ allocated_on: '2024-05-01', days_since_allocation: 425, worker_id: 'W1' });
  });

  it("is the drill-down of openEpisodes' counts: 5 open over 9 months, 3 over 12", async () => {
    const [fit] = await openEpisodes(indicatorContext(db), noFilters).execute();
    expect(fit).toMatchObject({ service: 'FIT', open_over_9_months: 5, open_over_12_months: 3 });
  });

  it('follows the configured months', async () => {
    const ctx = { ...indicatorContext(db), config: resolveConfig({ practiceStandards: { longOpenMonths: [12] } }) };
    const rows = await longOpenEpisodes(ctx, noFilters).execute();
    expect(rows.map((r) => r.episode_id)).toEqual(['E40', 'E41', 'E42']);
    expect(Object.keys(rows[0])).toContain('open_over_12_months');
    expect(Object.keys(rows[0])).not.toContain('open_over_9_months');
  });

  it('passes the data tests', async () => {
    expect(await failingDataTests(db, practiceStandardModels)).toEqual([]);
  });
});
