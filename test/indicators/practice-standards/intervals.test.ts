import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { waitingList, waitingListEpisodes } from '../../../models/indicators/waitingList.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, event, failingDataTests, indicatorContext, practiceStandardModels, standardRows, timing, type Extract, type Row } from './helpers.ts';

// Repeating standards (indicators.md section 3), one row per gap: each occurrence starts the
// next gap, done by the next occurrence; the last one opens a gap with no done date, kept
// while the chain runs (pending, or missed once past due) and, after the chain ended, only
// if it ended after the due date (missed). Same-day events are one occurrence.
// Extract date Monday 2025-06-30.
const EXTRACTED_ON = '2025-06-30';

const ep = (episode_id: string, service: string, dates: Record<string, string>, decision = 'allocated'): Row => ({
  episode_id,
  family_id: 'F1',
  service,
  decision,
  closure_reason: dates.closed_on ? 'outcomes_met' : null,
  ...dates,
});
const fc = (assessment_id: string, episode_id: string, assessed_on: string): Row[] =>
  ['children_need_help', 'parenting'].map((area) => ({ assessment_id, episode_id, tool: 'family_circle', assessed_on, area, score: 5 }));

const extract: Extract = {
  families: [{ family_id: 'F1', locality: 'Hadley' }],
  episodes: [
    ep('E20', 'FIT', { referral_on: '2024-09-25', decision_on: '2024-09-26', allocated_on: '2024-10-01' }),
    ep('E21', 'FIT', { referral_on: '2024-11-28', decision_on: '2024-11-29', allocated_on: '2024-12-01' }),
    ep('E22', 'FIT', { referral_on: '2024-11-01', decision_on: '2024-11-01', allocated_on: '2024-11-04', closed_on: '2025-02-01' }),
    ep('E23', 'FIT', { referral_on: '2024-11-01', decision_on: '2024-11-01', allocated_on: '2024-11-04', closed_on: '2025-03-01' }),
    ep('E24', 'YOS', { referral_on: '2024-05-17', decision_on: '2024-05-20', allocated_on: '2024-05-20' }),
    ep('E25', 'SF', { referral_on: '2024-11-18', decision_on: '2024-11-19', allocated_on: '2024-11-20' }),
    ep('E26', 'FIT', { referral_on: '2025-01-03', decision_on: '2025-01-06', allocated_on: '2025-02-25' }, 'waiting_list'),
    ep('E27', 'FIT', { referral_on: '2025-05-30', decision_on: '2025-06-01' }, 'waiting_list'),
    ep('E28', 'FIT', { referral_on: '2025-06-18', decision_on: '2025-06-20' }, 'waiting_list'),
    ep('E29', 'YIT', { referral_on: '2025-02-27', decision_on: '2025-03-01', allocated_on: '2025-03-15' }, 'waiting_list'),
    { ...ep('E30', 'FIT', { referral_on: '2025-02-27', decision_on: '2025-03-01', closed_on: '2025-04-01' }, 'waiting_list'), closure_reason: 'declined' },
    ep('E31', 'SF', { referral_on: '2025-06-01', decision_on: '2025-06-05' }, 'waiting_list'),
  ],
  events: [
    event('R1', 'taf_meeting', '2024-11-01', { episode_id: 'E20' }),
    event('R2', 'taf_meeting', '2025-01-20', { episode_id: 'E20' }),
    event('R3', 'plan_review', '2025-01-20', { episode_id: 'E20' }),
    event('R4', 'plan_review', '2025-04-20', { episode_id: 'E20' }),
    event('R5', 'taf_meeting', '2025-01-02', { episode_id: 'E21' }),
    event('R6', 'taf_meeting', '2024-12-01', { episode_id: 'E22' }),
    event('R7', 'taf_meeting', '2024-12-01', { episode_id: 'E23' }),
    event('R8', 'plan_review', '2024-06-01', { episode_id: 'E24' }),
    event('R9', 'plan_review', '2024-11-30', { episode_id: 'E24' }),
    event('W1', 'waiting_list_review', '2025-01-20', { episode_id: 'E26' }),
    event('W2', 'waiting_list_review', '2025-02-05', { episode_id: 'E26' }),
    event('W3', 'waiting_list_review', '2025-03-01', { episode_id: 'E26' }),
    event('W4', 'waiting_list_review', '2025-06-10', { episode_id: 'E27' }),
    event('W5', 'waiting_list_review', '2025-03-14', { episode_id: 'E30' }),
  ],
  assessments: [...fc('C1', 'E25', '2025-01-10'), ...fc('C2', 'E25', '2025-03-07'), ...fc('C3', 'E25', '2025-05-10')],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards', '+mart_waiting_list']);
});
afterAll(() => db.close());

describe('review_interval: each gap between TAF meetings / plan reviews, and the open tail', () => {
  it.each([
    // E20 (FIT, 84 days): TAF 1 Nov 2024 -> due 1 Nov + 84 = 24 Jan (29 + 31 + 24); next review 20 Jan: met.
    ['E20#1', { start_on: '2024-11-01', due_on: '2025-01-24', done_on: '2025-01-20', status: 'met', days_late: null }],
    // 20 Jan (a TAF and a plan review the same day: one occurrence) -> due 20 Jan + 84 = 14 Apr
    // (11 + 28 + 31 + 14); next review 20 Apr: late by 6.
    ['E20#2', { start_on: '2025-01-20', due_on: '2025-04-14', done_on: '2025-04-20', status: 'late', days_late: 6 }],
    // Open tail from 20 Apr: due 20 Apr + 84 = 13 Jul (10 + 31 + 30 + 13): not yet due: pending.
    ['E20#3', { start_on: '2025-04-20', due_on: '2025-07-13', done_on: null, status: 'pending', days_late: null }],
    // E21: one TAF on 2 Jan and nothing since, still open: due 2 Jan + 84 = 27 Mar (29 + 28 + 27):
    // missed, 27 Mar -> 30 Jun = 4 + 30 + 31 + 30 = 95 days overdue.
    ['E21#1', { start_on: '2025-01-02', due_on: '2025-03-27', done_on: null, status: 'missed', days_late: 95 }],
    // E23: TAF 1 Dec 2024, next due 1 Dec + 84 = 23 Feb (30 + 31 + 23); closed 1 Mar, after the
    // due date, without a review: missed, 23 Feb -> 30 Jun = 5 + 31 + 30 + 31 + 30 = 127.
    ['E23#1', { start_on: '2024-12-01', due_on: '2025-02-23', done_on: null, status: 'missed', days_late: 127 }],
    // E24 (YOS, 182 days): 1 Jun 2024 + 182 = 30 Nov (29 + 31 + 31 + 30 + 31 + 30); reviewed ON 30 Nov: met.
    ['E24#1', { start_on: '2024-06-01', due_on: '2024-11-30', done_on: '2024-11-30', status: 'met', days_late: null }],
    // Tail: 30 Nov + 182 = 31 May 2025 (31 + 31 + 28 + 31 + 30 + 31): missed, 30 days overdue.
    ['E24#2', { start_on: '2024-11-30', due_on: '2025-05-31', done_on: null, status: 'missed', days_late: 30 }],
  ])('%s', async (key, expected) => {
    expect(timing((await standardRows(db, 'review_interval'))[key])).toEqual(expected);
  });

  it('owes nothing when the episode closed before the next review fell due (E22: due 23 Feb, closed 1 Feb)', async () => {
    const rows = await standardRows(db, 'review_interval');
    expect(Object.keys(rows).filter((k) => k.startsWith('E22'))).toEqual(['E22#-']);
    expect(rows['E22#-'].status).toBe('not_applicable');
    expect(Object.keys(rows).filter((k) => k.startsWith('E20'))).toEqual(['E20#1', 'E20#2', 'E20#3']);
  });
});

describe('Family Circle (SF): first within 56 days of allocation, then every 56 days', () => {
  it('first_family_circle: allocated 20 Nov 2024 + 56 = 15 Jan (10 + 31 + 15); first reading 10 Jan: met', async () => {
    expect(timing((await standardRows(db, 'first_family_circle'))['E25#1'])).toEqual({
      start_on: '2024-11-20',
      due_on: '2025-01-15',
      done_on: '2025-01-10',
      status: 'met',
      days_late: null,
    });
  });
  it.each([
    // A reading is one assessment_id (two area rows here). 10 Jan + 56 = 7 Mar (21 + 28 + 7); next ON 7 Mar: met.
    ['E25#1', { start_on: '2025-01-10', due_on: '2025-03-07', done_on: '2025-03-07', status: 'met', days_late: null }],
    // 7 Mar + 56 = 2 May (24 + 30 + 2); next 10 May: late 8.
    ['E25#2', { start_on: '2025-03-07', due_on: '2025-05-02', done_on: '2025-05-10', status: 'late', days_late: 8 }],
    // Open tail: 10 May + 56 = 5 Jul (21 + 30 + 5): pending.
    ['E25#3', { start_on: '2025-05-10', due_on: '2025-07-05', done_on: null, status: 'pending', days_late: null }],
  ])('family_circle_interval %s', async (key, expected) => {
    expect(timing((await standardRows(db, 'family_circle_interval'))[key])).toEqual(expected);
  });
});

describe('waiting_list_review: every 14 days from decision_on while waiting', () => {
  it.each([
    // E26: decided waiting list 6 Jan; reviews 20 Jan (due 6 + 14 = 20 Jan: met on the day) and
    // 5 Feb (due 20 Jan + 14 = 3 Feb: late 2); allocated 25 Feb, after the next review was due
    // on 5 Feb + 14 = 19 Feb: missed, 19 Feb -> 30 Jun = 9 + 31 + 30 + 31 + 30 = 131. The review
    // on 1 Mar came after allocation and is no longer part of the wait.
    ['E26#1', { start_on: '2025-01-06', due_on: '2025-01-20', done_on: '2025-01-20', status: 'met', days_late: null }],
    ['E26#2', { start_on: '2025-01-20', due_on: '2025-02-03', done_on: '2025-02-05', status: 'late', days_late: 2 }],
    ['E26#3', { start_on: '2025-02-05', due_on: '2025-02-19', done_on: null, status: 'missed', days_late: 131 }],
    // E27, still waiting: decided 1 Jun, reviewed 10 Jun (due 15 Jun: met); next due 24 Jun: missed, 6 days.
    ['E27#1', { start_on: '2025-06-01', due_on: '2025-06-15', done_on: '2025-06-10', status: 'met', days_late: null }],
    ['E27#2', { start_on: '2025-06-10', due_on: '2025-06-24', done_on: null, status: 'missed', days_late: 6 }],
    // E28, decided 20 Jun, no review yet: due 4 Jul: pending.
    ['E28#1', { start_on: '2025-06-20', due_on: '2025-07-04', done_on: null, status: 'pending', days_late: null }],
    // E30: decided 1 Mar, reviewed 14 Mar (due 15 Mar: met); next due 28 Mar; left the list by
    // closing on 1 Apr, after that: missed, 28 Mar -> 30 Jun = 3 + 30 + 31 + 30 = 94.
    ['E30#1', { start_on: '2025-03-01', due_on: '2025-03-15', done_on: '2025-03-14', status: 'met', days_late: null }],
    ['E30#2', { start_on: '2025-03-14', due_on: '2025-03-28', done_on: null, status: 'missed', days_late: 94 }],
    // E29 (YIT): decided 1 Mar, allocated 15 Mar = the due date: the wait ended in time, no
    // review was owed: not applicable. E20 was never on the waiting list.
    ['E29#-', { start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null }],
    ['E20#-', { start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null }],
  ])('%s', async (key, expected) => {
    expect(timing((await standardRows(db, 'waiting_list_review'))[key])).toEqual(expected);
  });
});

describe('the waiting list', () => {
  it('holds the episodes decided waiting_list and neither allocated nor closed, with their age', async () => {
    const rows = await db.all(
      `SELECT episode_id, decision_on, days_waiting, days_since_referral, last_review_on, next_review_due_on, review_status
       FROM mart_waiting_list ORDER BY episode_id`,
    );
    // E27: 1 Jun -> 30 Jun = 29 days waiting, referral 30 May: 31. E28: 20 Jun -> 30 Jun = 10,
    // referral 18 Jun: 12. E31 (SF, no waiting list review standard): 5 Jun -> 30 Jun = 25,
    // referral 1 Jun: 29. E26, E29 (allocated) and E30 (closed) have left the list.
    expect(rows).toEqual([
      { episode_id: 'E27', decision_on: '2025-06-01', days_waiting: 29, days_since_referral: 31, last_review_on: '2025-06-10', next_review_due_on: '2025-06-24', review_status: 'missed' },
      { episode_id: 'E28', decision_on: '2025-06-20', days_waiting: 10, days_since_referral: 12, last_review_on: null, next_review_due_on: '2025-07-04', review_status: 'pending' },
      { episode_id: 'E31', decision_on: '2025-06-05', days_waiting: 25, days_since_referral: 29, last_review_on: null, next_review_due_on: null, review_status: null },
    ]);
  });

  it('counts it by service: FIT 2 waiting (29 + 10 = 39 days, mean and median 19.5, one review overdue), SF 1', async () => {
    const rows = await waitingList(indicatorContext(db), noFilters).execute();
    expect(rows).toEqual([
      { service: 'FIT', waiting: 2, total_days_waiting: 39, mean_days_waiting: 19.5, median_days_waiting: 19.5, max_days_waiting: 29, reviews_overdue: 1 },
      { service: 'SF', waiting: 1, total_days_waiting: 25, mean_days_waiting: 25, median_days_waiting: 25, max_days_waiting: 25, reviews_overdue: 0 },
    ]);
  });

  it('lists the filtered episodes longest wait first, and refuses a period (it is "as at" the extract date)', async () => {
    const rows = await waitingListEpisodes(indicatorContext(db), { service: ['FIT'] }).execute();
    expect(rows.map((r) => r.episode_id)).toEqual(['E27', 'E28']);
    expect(() => waitingList(indicatorContext(db), { from: '2025-01-01' })).toThrow(/period/);
  });
});

describe('data tests', () => {
  it('pass on this extract', async () => {
    expect(await failingDataTests(db, [...practiceStandardModels, 'mart_waiting_list'])).toEqual([]);
  });
});
