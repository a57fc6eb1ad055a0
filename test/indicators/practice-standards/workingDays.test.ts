import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../models/config.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, event, failingDataTests, practiceStandardModels, standardRows, timing, type Extract } from './helpers.ts';

// Working-day clocks (indicators.md section 3): N working days after the start, skipping
// Saturdays, Sundays and bank holidays (seed bank_holidays); the start day itself is never
// counted, so a clock starting on a weekend or holiday counts from the next working day
// (as if it started on the working day before). Done ON the due date is met.
// Bank holidays used: Good Friday 2024-03-29, Easter Monday 2024-04-01, Christmas Day
// 2024-12-25 (Wed), Boxing Day 2024-12-26 (Thu), New Year's Day 2025-01-01 (Wed).
const EXTRACTED_ON = '2025-06-30';

const referral = (episode_id: string, service: string, referral_on: string, decision_on: string, extra: Record<string, string> = {}) => ({
  episode_id,
  family_id: 'F1',
  service,
  referral_on,
  decision: 'allocated',
  decision_on,
  ...extra,
});

const extract: Extract = {
  families: [{ family_id: 'F1', locality: 'Hadley' }],
  episodes: [
    referral('E01', 'FIT', '2024-03-28', '2024-04-03'),
    referral('E02', 'FIT', '2024-03-28', '2024-04-04'),
    referral('E03', 'FIT', '2024-06-01', '2024-06-04'),
    referral('E04', 'FIT', '2024-03-29', '2024-04-04'),
    referral('E05', 'EH', '2024-12-20', '2024-12-24'),
    referral('E06', 'EH', '2024-12-23', '2024-12-30'),
    referral('E07', 'YOS', '2024-12-13', '2024-12-16', { allocated_on: '2024-12-16' }),
    referral('E08', 'YOS', '2024-12-13', '2024-12-16', { allocated_on: '2024-12-16' }),
    referral('E09', 'SF', '2024-05-28', '2024-05-30', { allocated_on: '2024-06-01' }),
    referral('E10', 'EH', '2024-06-02', '2024-06-05'),
  ],
  events: [
    event('V07', 'assessment_completed', '2025-01-09', { episode_id: 'E07' }),
    event('V08', 'assessment_completed', '2025-01-10', { episode_id: 'E08' }),
    event('V09', 'contact', '2024-06-05', { episode_id: 'E09', detail: 'home_visit' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards']);
});
afterAll(() => db.close());

describe('int_calendar_days', () => {
  it('numbers working days across Easter 2024, holidays and weekends carrying the number before them', async () => {
    const days = await db.all(
      `SELECT calendar_on, is_working_day, is_bank_holiday, working_day_number - (SELECT working_day_number FROM int_calendar_days WHERE calendar_on = '2024-03-28') AS n
       FROM int_calendar_days WHERE calendar_on BETWEEN '2024-03-28' AND '2024-04-03' ORDER BY calendar_on`,
    );
    // Thu 28 (working, n 0); Fri 29 Good Friday, Sat 30, Sun 31, Mon 1 Easter Monday: not
    // working, still 0; Tue 2 Apr: 1; Wed 3 Apr: 2.
    expect(days.map((d) => [d.calendar_on, d.is_working_day, d.is_bank_holiday, d.n])).toEqual([
      ['2024-03-28', true, false, 0],
      ['2024-03-29', false, true, 0],
      ['2024-03-30', false, false, 0],
      ['2024-03-31', false, false, 0],
      ['2024-04-01', false, true, 0],
      ['2024-04-02', true, false, 1],
      ['2024-04-03', true, false, 2],
    ]);
  });

  it('runs from the contract minimum 2000-01-01 to the end of the year after the last bank holiday (2030)', async () => {
    const r = await db.one(`SELECT min(calendar_on) AS first, max(calendar_on) AS last, count(*) AS n FROM int_calendar_days`);
    // 2000-2031 is 32 years, 8 of them leap (2000, 04, 08, 12, 16, 20, 24, 28): 32 x 365 + 8 = 11688 days.
    expect(r).toEqual({ first: '2000-01-01', last: '2031-12-31', n: 11688 });
  });
});

describe('decision: 2 working days from referral_on to decision_on', () => {
  it.each([
    // Thu 28 Mar 2024: Fri 29 Good Friday, Sat 30, Sun 31, Mon 1 Apr Easter Monday are skipped;
    // Tue 2 Apr is working day 1, Wed 3 Apr working day 2: due Wed 3 Apr; decided that day: met.
    ['E01', { start_on: '2024-03-28', due_on: '2024-04-03', done_on: '2024-04-03', status: 'met', days_late: null }],
    // Same referral decided Thu 4 Apr: one day after the due date: late by 1.
    ['E02', { start_on: '2024-03-28', due_on: '2024-04-03', done_on: '2024-04-04', status: 'late', days_late: 1 }],
    // Referral on Saturday 1 Jun 2024: Mon 3 Jun is day 1, Tue 4 Jun day 2: due Tue 4 Jun; met.
    ['E03', { start_on: '2024-06-01', due_on: '2024-06-04', done_on: '2024-06-04', status: 'met', days_late: null }],
    // Referral on Sunday 2 Jun: the same due date as Saturday's (Mon 1, Tue 2); decided Wed 5: late 1.
    ['E10', { start_on: '2024-06-02', due_on: '2024-06-04', done_on: '2024-06-05', status: 'late', days_late: 1 }],
    // Referral on Good Friday (a holiday): Easter Monday skipped, Tue 2 Apr day 1, Wed 3 Apr
    // day 2: due Wed 3 Apr; decided Thu 4 Apr: late 1.
    ['E04', { start_on: '2024-03-29', due_on: '2024-04-03', done_on: '2024-04-04', status: 'late', days_late: 1 }],
    // Fri 20 Dec 2024: Mon 23 day 1, Tue 24 day 2: due Christmas Eve (not a bank holiday); met on it.
    ['E05', { start_on: '2024-12-20', due_on: '2024-12-24', done_on: '2024-12-24', status: 'met', days_late: null }],
    // Mon 23 Dec: Tue 24 day 1; Wed 25 and Thu 26 bank holidays; Fri 27 day 2: due Fri 27;
    // decided Mon 30: 3 days late.
    ['E06', { start_on: '2024-12-23', due_on: '2024-12-27', done_on: '2024-12-30', status: 'late', days_late: 3 }],
  ])('%s', async (id, expected) => {
    expect(timing((await standardRows(db, 'decision'))[`${id}#1`])).toEqual(expected);
  });
});

describe('YOS assessment: 15 working days from allocation, over Christmas and New Year', () => {
  // Allocated Mon 16 Dec 2024. Working days: Tue 17 (1), Wed 18 (2), Thu 19 (3), Fri 20 (4),
  // Mon 23 (5), Tue 24 (6), [Wed 25, Thu 26 holidays], Fri 27 (7), Mon 30 (8), Tue 31 (9),
  // [Wed 1 Jan holiday], Thu 2 (10), Fri 3 (11), Mon 6 (12), Tue 7 (13), Wed 8 (14),
  // Thu 9 Jan 2025 (15): due 2025-01-09.
  it('is met when completed on the 15th working day', async () => {
    const rows = await standardRows(db, 'assessment');
    expect(timing(rows['E07#1'])).toEqual({ start_on: '2024-12-16', due_on: '2025-01-09', done_on: '2025-01-09', status: 'met', days_late: null });
  });
  it('is late by 1 when completed the day after', async () => {
    const rows = await standardRows(db, 'assessment');
    expect(timing(rows['E08#1'])).toEqual({ start_on: '2024-12-16', due_on: '2025-01-09', done_on: '2025-01-10', status: 'late', days_late: 1 });
    expect(rows['E08#1']).toMatchObject({ working_days: true, clock_days: 15 });
  });
});

describe('SF allocated on a Saturday: first contact in 2 working days, first visit in 7 calendar days', () => {
  // Allocated Sat 1 Jun 2024; the first contact is a home visit on Wed 5 Jun.
  it('first_contact: Mon 3 day 1, Tue 4 day 2, due Tue 4 Jun; contact Wed 5: late 1', async () => {
    expect(timing((await standardRows(db, 'first_contact'))['E09#1'])).toEqual({
      start_on: '2024-06-01',
      due_on: '2024-06-04',
      done_on: '2024-06-05',
      status: 'late',
      days_late: 1,
    });
  });
  it('first_visit: calendar days, weekends included: 1 Jun + 7 = 8 Jun; the home visit on 5 Jun is met', async () => {
    expect(timing((await standardRows(db, 'first_visit'))['E09#1'])).toEqual({
      start_on: '2024-06-01',
      due_on: '2024-06-08',
      done_on: '2024-06-05',
      status: 'met',
      days_late: null,
    });
  });
});

describe('configuration', () => {
  it('takes clocks from config.practiceStandards.clocks, not from code', async () => {
    // decision in 3 working days: Thu 28 Mar 2024 -> Tue 2 Apr (1), Wed 3 (2), Thu 4 (3): E02's
    // decision on Thu 4 Apr becomes met.
    const config = resolveConfig({ practiceStandards: { clocks: { decision: { all: { clockDays: 3 } } } } });
    const other = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards'], config);
    try {
      expect(timing((await standardRows(other, 'decision'))['E02#1'])).toMatchObject({ due_on: '2024-04-04', status: 'met' });
    } finally {
      other.close();
    }
  });
});

describe('data tests', () => {
  it('pass on this extract', async () => {
    expect(await failingDataTests(db, practiceStandardModels)).toEqual([]);
  });
});
