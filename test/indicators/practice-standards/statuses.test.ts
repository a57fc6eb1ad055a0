import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { overdueStandards } from '../../../models/indicators/overdueStandards.ts';
import { practiceCompliance } from '../../../models/indicators/practiceCompliance.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, event, failingDataTests, indicatorContext, practiceStandardModels, standardRows, timing, type Extract } from './helpers.ts';

// Statuses as of the extract date (indicators.md section 3): met (done by the due date, ON
// it included), late (done after it), missed (not done and the due date before the extract
// date, or the episode closed without it), pending (not done, due today or later, open),
// not_applicable (the clock never started). Extract date Monday 2025-06-30 = "today".
// FIT first contact: 5 working days from allocation (no bank holidays in these weeks).
const EXTRACTED_ON = '2025-06-30';

const fit = (episode_id: string, family_id: string, team: string, dates: Record<string, string>, extra: Record<string, string> = {}) => ({
  episode_id,
  family_id,
  service: 'FIT',
  team,
  worker_id: team === 'North' ? 'W1' : 'W2',
  decision: 'allocated',
  ...dates,
  ...extra,
});

const extract: Extract = {
  families: [
    { family_id: 'F1', locality: 'Hadley' },
    { family_id: 'F2', locality: 'Wellington' },
  ],
  people: [
    { person_id: 'P1', family_id: 'F1', role: 'child', sex: 'female', birth_month: '2012-01-01' },
    { person_id: 'P2', family_id: 'F2', role: 'child', sex: 'male', birth_month: '2012-01-01' },
  ],
  episodes: [
    fit('E10', 'F1', 'North', { referral_on: '2025-06-18', decision_on: '2025-06-19', allocated_on: '2025-06-20' }),
    fit('E11', 'F1', 'North', { referral_on: '2025-06-23', decision_on: '2025-06-24', allocated_on: '2025-06-24' }),
    fit('E12', 'F2', 'South', { referral_on: '2025-06-20', decision_on: '2025-06-23', allocated_on: '2025-06-23' }),
    fit('E13', 'F2', 'South', { referral_on: '2025-06-24', decision_on: '2025-06-25', allocated_on: '2025-06-26', closed_on: '2025-06-27' }, { closure_reason: 'disengaged' }),
    fit('E14', 'F1', 'North', { referral_on: '2025-01-02', decision_on: '2025-01-03', allocated_on: '2025-01-06', closed_on: '2025-05-01' }, { closure_reason: 'outcomes_met' }),
    fit('E15', 'F2', 'South', { referral_on: '2025-04-01', decision_on: '2025-04-02', allocated_on: '2025-04-02', closed_on: '2025-05-01' }, { closure_reason: 'outcomes_met' }),
    fit('E16', 'F2', 'South', { referral_on: '2025-04-01', decision_on: '2025-04-02', allocated_on: '2025-04-02', closed_on: '2025-05-01' }, { closure_reason: 'outcomes_met' }),
    fit('E17', 'F1', 'North', { referral_on: '2025-03-01', decision_on: '2025-03-03', closed_on: '2025-03-03' }, { decision: 'needs_other_service', closure_reason: 'transferred' }),
    { episode_id: 'E18', family_id: 'F1', service: 'EH', referral_on: '2025-06-27' },
  ],
  events: [
    event('V1', 'contact', '2025-01-07', { episode_id: 'E14', detail: 'phone' }),
    event('V2', 'contact', '2025-01-10', { episode_id: 'E14', detail: 'home_visit' }),
    event('V3', 'management_oversight', '2025-01-21', { episode_id: 'E14' }),
    event('V4', 'case_supervision', '2025-02-04', { episode_id: 'E14' }),
    event('V5', 'taf_meeting', '2025-02-08', { episode_id: 'E14' }),
    event('V6', 'assessment_completed', '2025-02-20', { episode_id: 'E14' }),
    event('V7', 'closure_summary', '2025-05-29', { episode_id: 'E14' }),
    event('V8', 'closure_summary', '2025-05-30', { episode_id: 'E15' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards', '+int_people']);
});
afterAll(() => db.close());

describe('first_contact: pending vs missed as of the extract date', () => {
  it.each([
    // Allocated Fri 20 Jun: Mon 23 (1) ... Fri 27 (5): due 27 Jun, before today, no contact:
    // missed, 30 - 27 = 3 days overdue.
    ['E10', { start_on: '2025-06-20', due_on: '2025-06-27', done_on: null, status: 'missed', days_late: 3 }],
    // Allocated Tue 24 Jun: Wed 25 (1), Thu 26 (2), Fri 27 (3), Mon 30 (4), Tue 1 Jul (5): not yet due: pending.
    ['E11', { start_on: '2025-06-24', due_on: '2025-07-01', done_on: null, status: 'pending', days_late: null }],
    // Allocated Mon 23 Jun: Tue 24 (1) ... Mon 30 (5): due today, so still pending (today is not past due).
    ['E12', { start_on: '2025-06-23', due_on: '2025-06-30', done_on: null, status: 'pending', days_late: null }],
    // Allocated Thu 26 Jun, due Thu 3 Jul (Fri 27, Mon 30, Tue 1, Wed 2, Thu 3), but closed on
    // 27 Jun without a contact: missed although not yet due; overdue days floored at 0.
    ['E13', { start_on: '2025-06-26', due_on: '2025-07-03', done_on: null, status: 'missed', days_late: 0 }],
    // Allocated Mon 6 Jan: due Mon 13 Jan (Tue 7 ... Mon 13); a phone contact on 7 Jan: met.
    ['E14', { start_on: '2025-01-06', due_on: '2025-01-13', done_on: '2025-01-07', status: 'met', days_late: null }],
    // Allocated Wed 2 Apr: due Wed 9 Apr (Thu 3, Fri 4, Mon 7, Tue 8, Wed 9); closed 1 May, never contacted:
    // missed, 9 Apr -> 30 Jun = 21 + 31 + 30 = 82 days overdue.
    ['E15', { start_on: '2025-04-02', due_on: '2025-04-09', done_on: null, status: 'missed', days_late: 82 }],
  ])('%s', async (id, expected) => {
    expect(timing((await standardRows(db, 'first_contact'))[`${id}#1`])).toEqual(expected);
  });

  it('is not applicable to a referral never allocated, and absent for EH (no first contact standard)', async () => {
    const rows = await standardRows(db, 'first_contact');
    expect(timing(rows['E17#-'])).toEqual({ start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null });
    expect(Object.keys(rows).filter((k) => k.startsWith('E18'))).toEqual([]);
  });
});

describe('closure_summary: 28 days from closed_on (FIT)', () => {
  it.each([
    // Closed 27 Jun: due 27 Jun + 28 = 25 Jul; not done yet: pending even though the episode is closed.
    ['E13#1', { start_on: '2025-06-27', due_on: '2025-07-25', done_on: null, status: 'pending', days_late: null }],
    // Closed 1 May: due 1 May + 28 = 29 May; summary ON 29 May: met.
    ['E14#1', { start_on: '2025-05-01', due_on: '2025-05-29', done_on: '2025-05-29', status: 'met', days_late: null }],
    // Summary on 30 May: one day after the due date: late by 1.
    ['E15#1', { start_on: '2025-05-01', due_on: '2025-05-29', done_on: '2025-05-30', status: 'late', days_late: 1 }],
    // No summary: missed, 29 May -> 30 Jun = 2 + 30 = 32 days overdue.
    ['E16#1', { start_on: '2025-05-01', due_on: '2025-05-29', done_on: null, status: 'missed', days_late: 32 }],
    // Still open: the clock has not started.
    ['E10#-', { start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null }],
    // Closed at the decision, never allocated: no case was worked, no summary owed.
    ['E17#-', { start_on: null, due_on: null, done_on: null, status: 'not_applicable', days_late: null }],
  ])('%s', async (key, expected) => {
    expect(timing((await standardRows(db, 'closure_summary'))[key])).toEqual(expected);
  });
});

describe('the other clocks of one worked episode (E14, allocated Mon 6 Jan 2025)', () => {
  it.each([
    // management_oversight 15 days: 6 Jan + 15 = 21 Jan; done ON 21 Jan: met.
    ['manager_review', { start_on: '2025-01-06', due_on: '2025-01-21', done_on: '2025-01-21', status: 'met', days_late: null }],
    // assessment 45 days: 6 Jan + 25 = 31 Jan, + 20 = 20 Feb; done ON 20 Feb: met.
    ['assessment', { start_on: '2025-01-06', due_on: '2025-02-20', done_on: '2025-02-20', status: 'met', days_late: null }],
    // case_supervision 28 days: 6 Jan + 28 = 3 Feb; done 4 Feb: late 1.
    ['first_supervision', { start_on: '2025-01-06', due_on: '2025-02-03', done_on: '2025-02-04', status: 'late', days_late: 1 }],
    // TAF 28 days from the first face-to-face contact: the phone call on 7 Jan is not one, the
    // home visit on 10 Jan is: 10 Jan + 28 = 7 Feb; TAF on 8 Feb: late 1.
    ['taf_meeting', { start_on: '2025-01-10', due_on: '2025-02-07', done_on: '2025-02-08', status: 'late', days_late: 1 }],
    // Referral Thu 2 Jan: Fri 3 (1), Mon 6 (2): due 6 Jan; decided 3 Jan: met.
    ['decision', { start_on: '2025-01-02', due_on: '2025-01-06', done_on: '2025-01-03', status: 'met', days_late: null }],
  ])('%s', async (standard, expected) => {
    expect(timing((await standardRows(db, standard))['E14#1'])).toEqual(expected);
  });

  it('has one row for every FIT standard, the ones that never started as not_applicable', async () => {
    const rows = await db.all(`SELECT standard, status FROM mart_practice_standards WHERE episode_id = 'E14' ORDER BY standard`);
    // review_interval: the single TAF on 8 Feb would next be due 8 Feb + 84 = 3 May (20 + 31 +
    // 30 + 3), but the episode closed on 1 May, before it: nothing was owed. Never on the
    // waiting list, closed before 12 months.
    expect(rows.map((r) => `${r.standard}:${r.status}`)).toEqual([
      'assessment:met',
      'closure_summary:met',
      'decision:met',
      'first_contact:met',
      'first_supervision:late',
      'long_case_review:not_applicable',
      'manager_review:met',
      'review_interval:not_applicable',
      'taf_meeting:late',
      'waiting_list_review:not_applicable',
    ]);
  });

  it('leaves a decision not yet made pending until it falls due (EH, referral Fri 27 Jun: due Tue 1 Jul)', async () => {
    expect(timing((await standardRows(db, 'decision'))['E18#1'])).toEqual({
      start_on: '2025-06-27',
      due_on: '2025-07-01',
      done_on: null,
      status: 'pending',
      days_late: null,
    });
  });
});

describe('practiceCompliance and overdueStandards', () => {
  const ctx = () => indicatorContext(db);
  const firstContact = (rows: Record<string, unknown>[]) => rows.filter((r) => r.standard === 'first_contact');

  it('counts every status by standard with compliance = met / (met + late + missed)', async () => {
    // first_contact: met E14; missed E10, E13, E15, E16 (E16 as E15: never contacted);
    // pending E11, E12; not applicable E17. Due 1 + 0 + 4 = 5; compliance 1 / 5 = 20%.
    const rows = await practiceCompliance(ctx(), noFilters).execute();
    expect(firstContact(rows)).toEqual([
      { standard: 'first_contact', met: 1, late: 0, missed: 4, pending: 2, not_applicable: 1, due: 5, compliance_pct: 20 },
    ]);
  });

  it('breaks down by team', async () => {
    // North: E10 missed, E11 pending, E14 met, E17 n/a: 1 / 2 = 50%. South: E12 pending,
    // E13, E15, E16 missed: 0 / 3 = 0%.
    const rows = await practiceCompliance(ctx(), noFilters, ['team', 'standard']).execute();
    expect(firstContact(rows)).toEqual([
      { team: 'North', standard: 'first_contact', met: 1, late: 0, missed: 1, pending: 1, not_applicable: 1, due: 2, compliance_pct: 50 },
      { team: 'South', standard: 'first_contact', met: 0, late: 0, missed: 3, pending: 1, not_applicable: 0, due: 3, compliance_pct: 0 },
    ]);
  });

  it('breaks down by month of the due date, the period applying to due_on', async () => {
    // Due in June: E10 (27 Jun, missed) and E12 (30 Jun, pending); E11 (1 Jul) and E13 (3 Jul)
    // fall outside; not-applicable rows have no due date. 0 / 1 = 0%.
    const rows = await practiceCompliance(ctx(), { from: '2025-06-01', to: '2025-06-30' }, ['month', 'standard']).execute();
    expect(firstContact(rows)).toEqual([
      { month: '2025-06-01', standard: 'first_contact', met: 0, late: 0, missed: 1, pending: 1, not_applicable: 0, due: 1, compliance_pct: 0 },
    ]);
  });

  it("filters family episodes by their children's attributes", async () => {
    // Girls: P1 is in F1, so F1's episodes E10, E11, E14, E17: as North above.
    const rows = await practiceCompliance(ctx(), { sex: ['female'] }).execute();
    expect(firstContact(rows)).toMatchObject([{ met: 1, missed: 1, pending: 1, not_applicable: 1, due: 2, compliance_pct: 50 }]);
  });

  it('lists only the missed rows still owed: on an open episode, or a closure summary (overdue.test.ts has the whole rule)', async () => {
    // FIT, due from 1 May, missed: assessment of E15 and E16 (allocated 2 Apr + 45 = 17 May,
    // closed 1 May without one: 44 days); E16's closure summary (32); E10's first contact (3);
    // E13's first contact, oversight, supervision and assessment (closed 27 Jun before any fell
    // due: 0). E10 is the only one still open: its first contact can be done; and E16's closure
    // summary, owed after closing, can still be written. The rest cannot be done now.
    const rows = await overdueStandards(ctx(), { service: ['FIT'], from: '2025-05-01' }).execute();
    expect(rows.map((r) => [r.episode_id, r.standard, r.due_on, r.days_overdue, r.worker_id])).toEqual([
      ['E16', 'closure_summary', '2025-05-29', 32, 'W2'],
      ['E10', 'first_contact', '2025-06-27', 3, 'W1'],
    ]);
  });
});

describe('data tests', () => {
  it('pass on this extract', async () => {
    expect(await failingDataTests(db, practiceStandardModels)).toEqual([]);
  });
});
