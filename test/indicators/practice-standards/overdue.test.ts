import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { overdueStandards } from '../../../models/indicators/overdueStandards.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, event, failingDataTests, indicatorContext, practiceStandardModels, type Extract } from './helpers.ts';

// The overdue list (indicators.md section 3; the "Overdue now" panel): of the missed rows,
// those still owed on a live case -- the episode still open or waiting at the extract
// date, a waiting list review only while still waiting, a return home interview only on an
// episode still open and only for the child's latest found event. Extract date Monday
// 2025-06-30; no bank holidays in June 2025. All FIT (family episodes): first contact 5
// working days, management oversight 15 days, supervision 28 days, assessment 45 days from
// allocation; decision 2 working days from referral; waiting list review 14 days; return
// home interview 72 hours from the found event.
const EXTRACTED_ON = '2025-06-30';

const fit = (episode_id: string, family_id: string, team: string, dates: Record<string, string>, decision = 'allocated') => ({
  episode_id,
  family_id,
  service: 'FIT',
  team,
  worker_id: dates.allocated_on ? `W-${episode_id}` : null,
  decision: dates.decision_on ? decision : null,
  ...dates,
});

const extract: Extract = {
  families: [
    { family_id: 'F1', locality: 'Hadley' },
    { family_id: 'F2', locality: 'Hadley' },
    { family_id: 'F3', locality: 'Hadley' },
  ],
  people: [
    { person_id: 'P1', family_id: 'F1', role: 'child', sex: 'female', birth_month: '2012-01-01' },
    { person_id: 'P2', family_id: 'F2', role: 'child', sex: 'male', birth_month: '2012-01-01' },
    { person_id: 'P3', family_id: 'F3', role: 'child', sex: 'male', birth_month: '2012-01-01' },
  ],
  episodes: [
    // Open, allocated Mon 2 Jun.
    fit('E1', 'F1', 'North', { referral_on: '2025-05-30', decision_on: '2025-06-02', allocated_on: '2025-06-02' }),
    // Closed 20 Jun without any work.
    fit('E2', 'F2', 'South', { referral_on: '2025-05-30', decision_on: '2025-06-02', allocated_on: '2025-06-02', closed_on: '2025-06-20', closure_reason: 'disengaged' }),
    // Waiting since the decision on Tue 3 Jun; one review on 10 Jun.
    fit('E3', 'F3', 'North', { referral_on: '2025-06-02', decision_on: '2025-06-03' }, 'waiting_list'),
    // Waited from Tue 3 Jun with no review, allocated Mon 23 Jun: open now.
    fit('E4', 'F2', 'South', { referral_on: '2025-06-02', decision_on: '2025-06-03', allocated_on: '2025-06-23' }, 'waiting_list'),
    // Referred Mon 23 Jun, not yet decided.
    fit('E5', 'F3', 'North', { referral_on: '2025-06-23' }),
    // Allocated Tue 1 Apr, closed Thu 1 May without any work, and no closure summary since.
    fit('E6', 'F1', 'South', { referral_on: '2025-03-31', decision_on: '2025-04-01', allocated_on: '2025-04-01', closed_on: '2025-05-01', closure_reason: 'disengaged' }),
  ],
  events: [
    event('V1', 'contact', '2025-06-10', { episode_id: 'E1', detail: 'phone' }),
    event('V2', 'waiting_list_review', '2025-06-10', { episode_id: 'E3' }),
    // P1 found twice while E1 is open, no interview after either.
    event('V3', 'found', '2025-06-05 10:00', { person_id: 'P1' }),
    event('V4', 'found', '2025-06-20 10:00', { person_id: 'P1' }),
    // P2 found while E2 was open (E4 was not yet allocated); E2 has closed since.
    event('V5', 'found', '2025-06-10 10:00', { person_id: 'P2' }),
    // P3's family has no allocated episode: the interview has no episode.
    event('V6', 'found', '2025-06-10 10:00', { person_id: 'P3' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards', '+int_people']);
});
afterAll(() => db.close());

describe('overdueStandards: the list to work from', () => {
  it('the missed rows it chooses from (the compliance tables count all of them)', async () => {
    // E1: first contact due Mon 9 Jun (Tue 3 ... Mon 9), done 10 Jun: late, not missed;
    //     management oversight due 2 Jun + 15 = 17 Jun, none: missed 13 days.
    // E2 (closed 20 Jun): first contact (9 Jun, 21 days), oversight (17 Jun, 13), supervision
    //     (2 Jun + 28 = 30 Jun) and assessment (2 Jun + 45 = 17 Jul) closed without: missed, 0.
    // E3: review 1 due 3 Jun + 14 = 17 Jun, done 10 Jun: met; review 2 due 10 Jun + 14 = 24 Jun: missed 6.
    // E4: review due 17 Jun, allocated 23 Jun without one: missed 13.
    // E5: decision due Wed 25 Jun (Tue 24, Wed 25): missed 5.
    // E6 (closed 1 May): first contact due Tue 8 Apr (Wed 2 ... Tue 8; 83 days to 30 Jun),
    //     oversight 1 Apr + 15 = 16 Apr (75), supervision 1 Apr + 28 = 29 Apr (62), assessment
    //     1 Apr + 45 = 16 May (45), closure summary 1 May + 28 = 29 May (32).
    // Return home interviews, due found + 72 h: P1 #1 due 8 Jun (22), P1 #2 due 23 Jun (7),
    //     P2 #1 due 13 Jun on E2 (17), P3 #1 due 13 Jun, no episode (17).
    const rows = await db.all(
      `SELECT coalesce(episode_id, '-') AS e, standard, coalesce(person_id, '-') AS p, days_late FROM mart_practice_standards WHERE status = 'missed' ORDER BY 1, 2, 3, occurrence`,
    );
    expect(rows.map((r) => `${r.e} ${r.standard} ${r.p} ${r.days_late}`)).toEqual([
      '- return_home_interview P3 17',
      'E1 manager_review - 13',
      'E1 return_home_interview P1 22',
      'E1 return_home_interview P1 7',
      'E2 assessment - 0',
      'E2 first_contact - 21',
      'E2 first_supervision - 0',
      'E2 manager_review - 13',
      'E2 return_home_interview P2 17',
      'E3 waiting_list_review - 6',
      'E4 waiting_list_review - 13',
      'E5 decision - 5',
      'E6 assessment - 45',
      'E6 closure_summary - 32',
      'E6 first_contact - 83',
      'E6 first_supervision - 62',
      'E6 manager_review - 75',
    ]);
  });

  it('lists only what is still owed on an open or waiting episode, and closure summaries, longest overdue first', async () => {
    // Kept: E6's closure summary (owed after closing, still writable: 32 days); E1's
    // oversight (open, not done, 13 days); P1's latest interview on E1 (open, 7); E3's
    // second review (still waiting, 6); E5's decision (waiting, 5).
    // Left out: E1's first contact (done, late); everything else of E2 and E6 (closed); E4's
    // review (the wait ended at allocation); P1's first interview (found again since); P2's
    // (its episode E2 closed); P3's (no episode).
    const rows = await overdueStandards(indicatorContext(db), noFilters).execute();
    expect(rows.map((r) => [r.episode_id, r.standard, r.person_id, r.occurrence, r.episode_status, r.due_on, r.days_overdue])).toEqual([
      ['E6', 'closure_summary', null, 1, 'closed', '2025-05-29', 32],
      ['E1', 'manager_review', null, 1, 'open', '2025-06-17', 13],
      ['E1', 'return_home_interview', 'P1', 2, 'open', '2025-06-23', 7],
      ['E3', 'waiting_list_review', null, 2, 'waiting', '2025-06-24', 6],
      ['E5', 'decision', null, 1, 'waiting', '2025-06-25', 5],
    ]);
  });

  it("keeps a child's latest found event the latest when the period leaves the later one out", async () => {
    // Due in 1-10 Jun: P1's first interview (due 8 Jun) only; it is superseded by the found
    // event of 20 Jun all the same, so nothing is listed.
    const rows = await overdueStandards(indicatorContext(db), { from: '2025-06-01', to: '2025-06-10' }).execute();
    expect(rows).toEqual([]);
  });

  it('takes the filters (team North: E1, E3, E5; South: E6)', async () => {
    const rows = await overdueStandards(indicatorContext(db), { team: ['South'] }).execute();
    expect(rows.map((r) => [r.episode_id, r.standard])).toEqual([['E6', 'closure_summary']]);
    const north = await overdueStandards(indicatorContext(db), { team: ['North'] }).execute();
    expect(north.map((r) => r.episode_id)).toEqual(['E1', 'E1', 'E3', 'E5']);
  });

  it('data tests pass on this extract', async () => {
    expect(await failingDataTests(db, practiceStandardModels)).toEqual([]);
  });
});
