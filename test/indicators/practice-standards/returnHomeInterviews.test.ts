import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { practiceCompliance } from '../../../models/indicators/practiceCompliance.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, event, failingDataTests, indicatorContext, practiceStandardModels, type Extract } from './helpers.ts';

// Return home interview (indicators.md section 3): within 72 hours of the found event, in
// elapsed hours (the configured clock of 3 days x 24), person-level, for every service. The
// interview answering a found event is the person's first one before they are next found;
// declined counts (it was offered). Each row is attached to the person's open episode at the
// time (the young person's own first, then the family's), else has no episode.
// Times are London local; British Summer Time began at 01:00 on Sunday 30 March 2025.
// Extract date 2025-06-30.
const EXTRACTED_ON = '2025-06-30';

const extract: Extract = {
  families: [
    { family_id: 'F1', locality: 'Hadley' },
    { family_id: 'F2', locality: 'Wellington' },
    { family_id: 'F3', locality: 'Madeley' },
  ],
  people: [
    { person_id: 'P1', family_id: 'F1', role: 'child' },
    { person_id: 'P2', family_id: 'F2', role: 'child' },
    { person_id: 'P3', family_id: 'F3', role: 'child' },
  ],
  episodes: [
    { episode_id: 'E1', family_id: 'F1', service: 'FIT', referral_on: '2024-12-30', decision: 'allocated', allocated_on: '2025-01-01' },
    { episode_id: 'E3', family_id: 'F3', subject_person_id: 'P3', service: 'YIT', referral_on: '2025-06-02', decision: 'allocated', allocated_on: '2025-06-05' },
    { episode_id: 'E4', family_id: 'F3', service: 'FIT', referral_on: '2024-12-30', decision: 'allocated', allocated_on: '2025-01-02' },
  ],
  events: [
    event('F11', 'found', '2025-03-03 10:00', { person_id: 'P1' }),
    event('R11', 'return_home_interview', '2025-03-06 10:00', { person_id: 'P1', detail: 'completed' }),
    event('F12', 'found', '2025-04-07 10:00', { person_id: 'P1' }),
    event('R12', 'return_home_interview', '2025-04-10 10:01', { person_id: 'P1', detail: 'declined' }),
    event('F21', 'found', '2025-03-28 10:00', { person_id: 'P2' }),
    event('R21', 'return_home_interview', '2025-03-31 10:30', { person_id: 'P2', detail: 'completed' }),
    event('F22', 'found', '2025-06-29 09:00', { person_id: 'P2' }),
    event('F31', 'found', '2025-06-01 12:00', { person_id: 'P3' }),
    event('F32', 'found', '2025-06-10 08:00', { person_id: 'P3' }),
    event('F33', 'found', '2025-06-11 08:00', { person_id: 'P3' }),
    event('R33', 'return_home_interview', '2025-06-12 09:00', { person_id: 'P3', detail: 'completed' }),
  ],
};

let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_practice_standards', '+int_people']);
});
afterAll(() => db.close());

describe('return_home_interview', () => {
  it('times each found event in elapsed hours and attaches it to the open episode', async () => {
    const rows = await db.all(
      `SELECT person_id, occurrence, episode_id, service, locality, start_on, due_on, done_on, status, days_late,
              strftime(due_at, '%Y-%m-%d %H:%M') AS due_at
       FROM mart_practice_standards WHERE standard = 'return_home_interview' ORDER BY person_id, occurrence`,
    );
    expect(rows).toEqual([
      // Found Mon 3 Mar 10:00 (GMT) + 72 h = Thu 6 Mar 10:00; interview at exactly 10:00: met.
      // P1's family has FIT E1 open (allocated 1 Jan): attached to it.
      { person_id: 'P1', occurrence: 1, episode_id: 'E1', service: 'FIT', locality: 'Hadley', start_on: '2025-03-03', due_on: '2025-03-06', done_on: '2025-03-06', status: 'met', days_late: null, due_at: '2025-03-06 10:00' },
      // Found 7 Apr 10:00 + 72 h = 10 Apr 10:00; interview (declined, still offered) at 10:01:
      // one minute late, late by 1 day (whole days rounded up from the hours).
      { person_id: 'P1', occurrence: 2, episode_id: 'E1', service: 'FIT', locality: 'Hadley', start_on: '2025-04-07', due_on: '2025-04-10', done_on: '2025-04-10', status: 'late', days_late: 1, due_at: '2025-04-10 10:00' },
      // Found Fri 28 Mar 10:00 GMT; the clocks went forward on Sun 30 Mar, so 72 elapsed hours
      // end on Mon 31 Mar at 11:00 BST. The interview at 10:30 BST is 71.5 hours later: met.
      // No episode: no service, the family's locality.
      { person_id: 'P2', occurrence: 1, episode_id: null, service: null, locality: 'Wellington', start_on: '2025-03-28', due_on: '2025-03-31', done_on: '2025-03-31', status: 'met', days_late: null, due_at: '2025-03-31 11:00' },
      // Found 29 Jun 09:00, due 2 Jul 09:00, after the extract date: pending.
      { person_id: 'P2', occurrence: 2, episode_id: null, service: null, locality: 'Wellington', start_on: '2025-06-29', due_on: '2025-07-02', done_on: null, status: 'pending', days_late: null, due_at: '2025-07-02 09:00' },
      // Found 1 Jun 12:00: YIT E3 was not yet allocated (5 Jun), so the family's FIT E4. No
      // interview before the next found event: missed, due 4 Jun -> 30 Jun = 26 days.
      { person_id: 'P3', occurrence: 1, episode_id: 'E4', service: 'FIT', locality: 'Madeley', start_on: '2025-06-01', due_on: '2025-06-04', done_on: null, status: 'missed', days_late: 26, due_at: '2025-06-04 12:00' },
      // Found 10 Jun 08:00, now with the young person's own YIT E3 open; found again on 11 Jun
      // before any interview: this one is missed (due 13 Jun -> 30 Jun = 17 days) ...
      { person_id: 'P3', occurrence: 2, episode_id: 'E3', service: 'YIT', locality: 'Madeley', start_on: '2025-06-10', due_on: '2025-06-13', done_on: null, status: 'missed', days_late: 17, due_at: '2025-06-13 08:00' },
      // ... and the interview on 12 Jun 09:00 answers the found event of 11 Jun 08:00 (25 h): met.
      { person_id: 'P3', occurrence: 3, episode_id: 'E3', service: 'YIT', locality: 'Madeley', start_on: '2025-06-11', due_on: '2025-06-14', done_on: '2025-06-12', status: 'met', days_late: null, due_at: '2025-06-14 08:00' },
    ]);
  });

  it('counts in compliance: all services 3 met / (3 + 1 late + 2 missed) = 50%; FIT episodes only 1 / 3', async () => {
    const rhi = (rows: Record<string, unknown>[]) => rows.find((r) => r.standard === 'return_home_interview');
    const ctx = indicatorContext(db);
    expect(rhi(await practiceCompliance(ctx, noFilters).execute())).toMatchObject({ met: 3, late: 1, missed: 2, pending: 1, due: 6, compliance_pct: 50 });
    // FIT: P1 #1 met, P1 #2 late (E1), P3 #1 missed (E4).
    const fit = rhi(await practiceCompliance(ctx, { service: ['FIT'] }).execute());
    expect(fit).toMatchObject({ met: 1, late: 1, missed: 1, pending: 0, due: 3 });
    expect(fit?.compliance_pct).toBeCloseTo(33.333333, 5);
  });

  it('passes the data tests', async () => {
    expect(await failingDataTests(db, practiceStandardModels)).toEqual([]);
  });
});
