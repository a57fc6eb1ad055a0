import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { noFilters, type Filters } from '../../../models/indicators/Filters.ts';
import { logicModel, type LogicModelOptions } from '../../../models/indicators/logicModel.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { event, handMadeExtract, indicatorContext, round, type Row } from './helpers.ts';

// indicators.md section 5 on one hand-made extract of 2025-06-30.
//
// Families H1, H2, H3 in Hadley, W1 in Wellington.
// Young people: Y1 (H1, female), Y2 and Y4 (H2, male), Y3 and Y6 (H3, male), Y5 (W1, female, child); P5 is W1's parent.
//
// TYSS episodes in Hadley (subject in brackets), dates as referral / decision / allocated / closed:
//   L1 (Y1) school     2025-01-06 / 01-07 allocated / 01-10 / 03-31
//   L2 (Y2) police     2025-01-08 / 01-10 allocated / 01-20 / 03-15
//   L3 (Y3) no source  2025-01-02 / 01-09 allocated / 01-27 / open
//   L4 (Y4) school     2025-01-20 / 01-31 waiting_list, never allocated
//   L5 (Y6) self       2025-02-20 / 02-25 allocated / 03-01 / 03-20, no contacts
//   L6 (Y3) front_door 2025-02-01 / 02-03 no_service: overlaps L3, so Y3 is in the TYSS cohort twice on 1-3 Feb
// L7: FIT episode of family W1 (Wellington), referred 2025-02-01, allocated 02-03, open: its cohort is Y5, not P5.
// L8: YOS episode of Y3 referred 2025-04-01 (Hadley), during L3.
const EXTRACTED_ON = '2025-06-30';

const tyss = { service: 'TYSS' };
const tables: Record<string, Row[]> = {
  families: [
    { family_id: 'H1', locality: 'Hadley' },
    { family_id: 'H2', locality: 'Hadley' },
    { family_id: 'H3', locality: 'Hadley' },
    { family_id: 'W1', locality: 'Wellington' },
  ],
  people: [
    { person_id: 'Y1', family_id: 'H1', role: 'child', birth_month: '2010-05-01', sex: 'female' },
    { person_id: 'Y2', family_id: 'H2', role: 'child', birth_month: '2009-03-01', sex: 'male' },
    { person_id: 'Y4', family_id: 'H2', role: 'child', birth_month: '2011-03-01', sex: 'male' },
    { person_id: 'Y3', family_id: 'H3', role: 'child', birth_month: '2011-01-01', sex: 'male' },
    { person_id: 'Y6', family_id: 'H3', role: 'child', birth_month: '2012-07-01', sex: 'male' },
    { person_id: 'Y5', family_id: 'W1', role: 'child', birth_month: '2012-01-01', sex: 'female' },
    { person_id: 'P5', family_id: 'W1', role: 'parent', sex: 'male' },
  ],
  episodes: [
    { episode_id: 'L1', family_id: 'H1', subject_person_id: 'Y1', ...tyss, referral_on: '2025-01-06', referral_source: 'school', decision: 'allocated', decision_on: '2025-01-07', allocated_on: '2025-01-10', closed_on: '2025-03-31', closure_reason: 'outcomes_met' },
    { episode_id: 'L2', family_id: 'H2', subject_person_id: 'Y2', ...tyss, referral_on: '2025-01-08', referral_source: 'police', decision: 'allocated', decision_on: '2025-01-10', allocated_on: '2025-01-20', closed_on: '2025-03-15', closure_reason: 'outcomes_met' },
    { episode_id: 'L3', family_id: 'H3', subject_person_id: 'Y3', ...tyss, referral_on: '2025-01-02', decision: 'allocated', decision_on: '2025-01-09', allocated_on: '2025-01-27' },
    { episode_id: 'L4', family_id: 'H2', subject_person_id: 'Y4', ...tyss, referral_on: '2025-01-20', referral_source: 'school', decision: 'waiting_list', decision_on: '2025-01-31' },
    { episode_id: 'L5', family_id: 'H3', subject_person_id: 'Y6', ...tyss, referral_on: '2025-02-20', referral_source: 'self', decision: 'allocated', decision_on: '2025-02-25', allocated_on: '2025-03-01', closed_on: '2025-03-20', closure_reason: 'declined' },
    { episode_id: 'L6', family_id: 'H3', subject_person_id: 'Y3', ...tyss, referral_on: '2025-02-01', referral_source: 'front_door', decision: 'no_service', decision_on: '2025-02-03' },
    { episode_id: 'L7', family_id: 'W1', service: 'FIT', referral_on: '2025-02-01', allocated_on: '2025-02-03' },
    { episode_id: 'L8', family_id: 'H3', subject_person_id: 'Y3', service: 'YOS', referral_on: '2025-04-01', referral_source: 'police' },
  ],
  events: [
    // Contacts: L1 face_to_face + 2 phone; L2 2 home visits, one before its allocation (not its first contact, still a contact); L3 one video.
    event('c1', 'contact', '2025-01-13', { episode_id: 'L1', detail: 'face_to_face' }),
    event('c2', 'contact', '2025-02-10', { episode_id: 'L1', detail: 'phone' }),
    event('c3', 'contact', '2025-03-01', { episode_id: 'L1', detail: 'phone' }),
    event('c4', 'contact', '2025-01-15', { episode_id: 'L2', detail: 'home_visit' }),
    event('c5', 'contact', '2025-01-21', { episode_id: 'L2', detail: 'home_visit' }),
    event('c6', 'contact', '2025-02-03', { episode_id: 'L3', detail: 'video' }),
    event('a1', 'assessment_completed', '2025-01-20', { episode_id: 'L1', detail: 'eha' }),
    event('a2', 'assessment_completed', '2025-02-05', { episode_id: 'L2', detail: 'asset_plus' }),
    event('f1', 'family_feedback', '2025-03-31', { episode_id: 'L1', detail: 'at_closure', value: 4 }),
    event('f2', 'family_feedback', '2025-03-20', { episode_id: 'L2', detail: 'at_closure', value: 5 }),
    event('f3', 'family_feedback', '2025-03-21', { episode_id: 'L2', detail: 'at_closure' }), // no rating: not in the mean
    // Exploitation screenings. Y2's first (Dec 2024) is before L2's referral: the baseline, but not a screening of the cohort.
    event('s1', 'exploitation_screening', '2025-01-10', { person_id: 'Y1', detail: 'medium' }),
    event('s2', 'exploitation_screening', '2025-02-10', { person_id: 'Y1', detail: 'low' }),
    event('s3', 'exploitation_screening', '2025-03-10', { person_id: 'Y1', detail: 'high' }),
    event('s4', 'exploitation_screening', '2024-12-01', { person_id: 'Y2', detail: 'high' }),
    event('s5', 'exploitation_screening', '2025-02-01', { person_id: 'Y2', detail: 'high' }),
    event('s6', 'exploitation_screening', '2025-01-28', { person_id: 'Y3', detail: 'high' }),
    event('s7', 'exploitation_screening', '2025-02-15', { person_id: 'Y3', detail: 'medium' }),
    // System events.
    event('o1', 'offence', '2025-02-02', { person_id: 'Y3', detail: 'violence', source: 'police' }), // in L3 and L6: once
    event('o2', 'offence', '2024-12-20', { person_id: 'Y1', detail: 'theft', source: 'police' }), // before L1's referral
    event('m1', 'missing_episode', '2025-02-10', { person_id: 'Y5', detail: 'from_home', source: 'police' }), // child of L7's family
    event('d1', 'offence', '2025-02-12', { person_id: 'P5', detail: 'other', source: 'police' }), // a parent: not the cohort
  ],
  assessments: [
    { assessment_id: 'r1', episode_id: 'L1', person_id: 'Y1', tool: 'youth_star', assessed_on: '2025-01-15', area: 'hopes_dreams', score: 3 },
    { assessment_id: 'r2', episode_id: 'L1', person_id: 'Y1', tool: 'youth_star', assessed_on: '2025-03-15', area: 'hopes_dreams', score: 6 },
  ],
  area_measures: [
    { measure: 'county_lines_known', period: '2025-01-01', locality: 'Hadley', value: 3 },
    { measure: 'county_lines_known', period: '2025-01-01', locality: 'Wellington', value: 2 },
    { measure: 'county_lines_known', period: '2025-01-01', value: 10 },
    { measure: 'county_lines_known', period: '2025-02-01', locality: 'Hadley', value: 4 },
    { measure: 'workforce_trained', period: '2025-01-01', value: 7 },
    { measure: 'detached_contacts_unmapped_code', period: '2025-01-01', value: 99 }, // answers no figure
  ],
};

let db: Database;
beforeAll(async () => {
  db = await handMadeExtract(EXTRACTED_ON, tables);
  await buildModels(db, { select: '+mart_logic_model' });
});
afterAll(() => db.close());

interface Cell {
  category?: string | null;
  period?: string | null;
  locality?: string | null;
  service?: string | null;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
}

/** The rows of one figure in mart_logic_model, once each (a figure answers several logic-model items). */
async function martFigure(figure: string): Promise<Cell[]> {
  const rows = await db.all(
    `SELECT DISTINCT category, period, locality, service, value, numerator, denominator FROM mart_logic_model
     WHERE figure = $1 ORDER BY period, locality, service, category`,
    [figure],
  );
  return rows.map((r) => ({ ...r, value: round(r.value), numerator: round(r.numerator), denominator: round(r.denominator) }) as Cell);
}

/** The same from the indicator function with filters and options, as the dashboard API calls it. */
async function indicatorFigure(figure: string, filters: Filters = noFilters, options: LogicModelOptions = {}): Promise<Cell[]> {
  const rows = await logicModel(indicatorContext(db), filters, options).execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => r.figure === figure)
    .map((r) => ({
      category: r.category,
      period: r.period,
      locality: r.locality,
      service: r.service,
      value: round(r.value),
      numerator: round(r.numerator),
      denominator: round(r.denominator),
    }))
    .filter((r) => {
      const key = JSON.stringify(r);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }) as Cell[];
}

const hadleyTyss = { locality: 'Hadley', service: 'TYSS' };

describe('service-level measures', () => {
  it('counts referrals by source, assessments and allocations by month', async () => {
    // Referrals, TYSS Hadley: Jan L1 school, L2 police, L3 unknown, L4 school; Feb L5 self, L6 front_door.
    // FIT Wellington: L7 (no source) in Feb; YOS Hadley: L8 police in Apr.
    expect((await martFigure('referrals')).filter((r) => r.service === 'TYSS')).toEqual([
      { category: 'police', period: '2025-01-01', ...hadleyTyss, value: 1, numerator: null, denominator: null },
      { category: 'school', period: '2025-01-01', ...hadleyTyss, value: 2, numerator: null, denominator: null },
      { category: 'unknown', period: '2025-01-01', ...hadleyTyss, value: 1, numerator: null, denominator: null },
      { category: 'front_door', period: '2025-02-01', ...hadleyTyss, value: 1, numerator: null, denominator: null },
      { category: 'self', period: '2025-02-01', ...hadleyTyss, value: 1, numerator: null, denominator: null },
    ]);
    expect((await martFigure('referrals')).filter((r) => r.service !== 'TYSS')).toMatchObject([
      { category: 'unknown', period: '2025-02-01', locality: 'Wellington', service: 'FIT', value: 1 },
      { category: 'police', period: '2025-04-01', locality: 'Hadley', service: 'YOS', value: 1 },
    ]);
    // Assessments: a1 (eha, Jan), a2 (asset_plus, Feb). Allocations: L1, L2, L3 in Jan, L5 in Mar; L7 (FIT) in Feb.
    expect(await martFigure('assessments')).toMatchObject([
      { category: 'eha', period: '2025-01-01', ...hadleyTyss, value: 1 },
      { category: 'asset_plus', period: '2025-02-01', ...hadleyTyss, value: 1 },
    ]);
    expect(await martFigure('allocations')).toMatchObject([
      { period: '2025-01-01', ...hadleyTyss, value: 3 },
      { period: '2025-02-01', locality: 'Wellington', service: 'FIT', value: 1 },
      { period: '2025-03-01', ...hadleyTyss, value: 1 },
    ]);
  });

  it('takes median response times from the rows of each month, and of any other grouping', async () => {
    // Referral to decision, by decision month: Jan L1 1 (6->7), L2 2 (8->10), L3 7 (2->9), L4 11 (20->31):
    // median of 1, 2, 7, 11 = (2 + 7) / 2 = 4.5 over 4; Feb L6 2 (1->3), L5 5 (20->25): (2 + 5) / 2 = 3.5.
    expect(await martFigure('days_referral_to_decision')).toEqual([
      { category: null, period: '2025-01-01', ...hadleyTyss, value: 4.5, numerator: null, denominator: 4 },
      { category: null, period: '2025-02-01', ...hadleyTyss, value: 3.5, numerator: null, denominator: 2 },
    ]);
    // Referral to allocation, by allocation month: Jan L1 4 (6->10), L2 12 (8->20), L3 25 (2->27): median 12;
    // Mar L5 9 (20 Feb -> 1 Mar); L7 (FIT) 2 in Feb.
    expect(await martFigure('days_referral_to_allocation')).toMatchObject([
      { period: '2025-01-01', ...hadleyTyss, value: 12, denominator: 3 },
      { period: '2025-02-01', locality: 'Wellington', service: 'FIT', value: 2, denominator: 1 },
      { period: '2025-03-01', ...hadleyTyss, value: 9, denominator: 1 },
    ]);
    // Allocation to first contact, dated at that contact: L1 10 -> 13 Jan = 3; L2 20 -> 21 Jan = 1 (the home visit
    // of 15 Jan came before the allocation); L3 27 Jan -> 3 Feb = 7. Jan median of 3 and 1 = 2; Feb 7.
    expect(await martFigure('days_allocation_to_first_contact')).toMatchObject([
      { period: '2025-01-01', ...hadleyTyss, value: 2, denominator: 2 },
      { period: '2025-02-01', ...hadleyTyss, value: 7, denominator: 1 },
    ]);
    // The whole period at once: median of 3, 1, 7 = 3, not a median of the monthly medians (2, 7).
    expect(await indicatorFigure('days_allocation_to_first_contact', noFilters, { byMonth: false })).toMatchObject([
      { period: null, ...hadleyTyss, value: 3, denominator: 3 },
    ]);
  });

  it('counts episodes open at each month end and the median length of those closed', async () => {
    // TYSS Hadley: Jan and Feb ends L1, L2, L3; 31 Mar only L3 (L1 closed that day, L5 on the 20th); Apr-Jun L3 (June's end is the extract date).
    // FIT Wellington: L7 from Feb.
    const open = await martFigure('open_episodes');
    expect(open.filter((r) => r.service === 'TYSS').map((r) => [r.period, r.value])).toEqual([
      ['2025-01-01', 3],
      ['2025-02-01', 3],
      ['2025-03-01', 1],
      ['2025-04-01', 1],
      ['2025-05-01', 1],
      ['2025-06-01', 1],
    ]);
    expect(open.filter((r) => r.service === 'FIT').map((r) => r.period)).toEqual(['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
    // Closed in March: L1 10 Jan -> 31 Mar = 21 + 28 + 31 = 80; L2 20 Jan -> 15 Mar = 11 + 28 + 15 = 54; L5 1 -> 20 Mar = 19. Median 54.
    expect(await martFigure('episode_length_days')).toEqual([{ category: null, period: '2025-03-01', ...hadleyTyss, value: 54, numerator: null, denominator: 3 }]);
  });

  it('counts contacts per closed episode by channel, every closed episode in each denominator', async () => {
    // Closed in March: L1 (face_to_face 1, phone 2), L2 (home_visit 2), L5 (none). Denominator 3 for every channel:
    // all 5/3, face_to_face 1/3, home_visit 2/3, phone 2/3. L3's video contact: L3 is still open.
    const r = (category: string, numerator: number) => ({
      category,
      period: '2025-03-01',
      ...hadleyTyss,
      value: round(numerator / 3),
      numerator,
      denominator: 3,
    });
    expect(await martFigure('contacts_per_episode')).toEqual([r('all', 5), r('face_to_face', 1), r('home_visit', 2), r('phone', 2)]);
  });

  it('follows each young person from their first screening to their latest: lowered, same or raised', async () => {
    // Feb: Y1 medium -> low (lowered), Y2 high (Dec, before the cohort) -> high (same), Y3 high -> medium (lowered):
    // lowered 2/3, same 1/3. Mar: Y1 medium -> high (raised) 1/1.
    expect(await martFigure('risk_trajectory')).toEqual([
      { category: 'lowered', period: '2025-02-01', ...hadleyTyss, value: round(200 / 3), numerator: 2, denominator: 3 },
      { category: 'same', period: '2025-02-01', ...hadleyTyss, value: round(100 / 3), numerator: 1, denominator: 3 },
      { category: 'raised', period: '2025-03-01', ...hadleyTyss, value: 100, numerator: 1, denominator: 1 },
    ]);
    // Whole period: each person once, at their latest screening: Y1 raised (March), Y2 same, Y3 lowered.
    const third = round(100 / 3);
    expect(await indicatorFigure('risk_trajectory', noFilters, { byMonth: false })).toEqual([
      { category: 'lowered', period: null, ...hadleyTyss, value: third, numerator: 1, denominator: 3 },
      { category: 'raised', period: null, ...hadleyTyss, value: third, numerator: 1, denominator: 3 },
      { category: 'same', period: null, ...hadleyTyss, value: third, numerator: 1, denominator: 3 },
    ]);
    // A period ending in February: Y1's latest in it is February's (lowered), against the same first screening.
    expect(await indicatorFigure('risk_trajectory', { to: '2025-02-28' }, { byMonth: false })).toMatchObject([
      { category: 'lowered', numerator: 2, denominator: 3 },
      { category: 'same', numerator: 1, denominator: 3 },
    ]);
  });

  it('averages family feedback ratings with their count, and takes distance travelled from the section 2 pairs', async () => {
    // March: f1 4, f2 5 (f3 has no rating): mean 9 / 2 = 4.5.
    expect(await martFigure('feedback_rating')).toEqual([{ category: null, period: '2025-03-01', ...hadleyTyss, value: 4.5, numerator: 9, denominator: 2 }]);
    // Y1's youth_star hopes_dreams 3 (Jan) -> 6 (Mar): improved, dated at the latest reading.
    expect(await martFigure('distance_travelled_pairs')).toEqual([
      { category: 'improved', period: '2025-03-01', ...hadleyTyss, value: 100, numerator: 1, denominator: 1 },
    ]);
  });
});

/** One figure of a whole-period answer (every locality and service together), once, with the date a stock is counted at. */
async function periodTotal(figure: string, filters: Filters = noFilters): Promise<{ category: string | null; value: number | null; as_at: string | null }[]> {
  const rows = await logicModel(indicatorContext(db), filters, { byMonth: false, byLocality: false, byService: false }).execute();
  const seen = new Map<string, { category: string | null; value: number | null; as_at: string | null }>();
  for (const r of rows.filter((x) => x.figure === figure)) seen.set(String(r.category), { category: r.category, value: round(r.value) as number | null, as_at: r.as_at });
  return [...seen.values()];
}

describe('stocks: figures counted at a point in time', () => {
  it('gives episodes open at the last month end of the period, not every episode open at any month end', async () => {
    // Open at each month end (see above): Jan L1 L2 L3; Feb L1 L2 L3 L7; Mar L3 L7 (L1 closed on the 31st); Apr-Jun L3 L7.
    // All time: at the extract date 30 Jun, L3 and L7 = 2 (every episode open at some month end would be L1 L2 L3 L7 = 4;
    // the months added up 3 + 4 + 2 + 2 + 2 + 2 = 15).
    expect(await periodTotal('open_episodes')).toEqual([{ category: null, value: 2, as_at: '2025-06-30' }]);
    // January to March: at 31 Mar, L3 and L7 = 2 (not 4).
    expect(await periodTotal('open_episodes', { from: '2025-01-01', to: '2025-03-31' })).toEqual([{ category: null, value: 2, as_at: '2025-03-31' }]);
    // A period ending on 20 Feb: its last month end is 31 Jan, L1 L2 L3 = 3.
    expect(await periodTotal('open_episodes', { from: '2025-01-01', to: '2025-02-20' })).toEqual([{ category: null, value: 3, as_at: '2025-01-31' }]);
    // Wellington to 31 Jan: L7 was allocated on 3 Feb, so nothing was open then: 0, said, not left out.
    expect(await periodTotal('open_episodes', { locality: ['Wellington'], to: '2025-01-31' })).toEqual([{ category: null, value: 0, as_at: '2025-01-31' }]);
    // 1-20 Feb holds no month end: no value.
    expect(await periodTotal('open_episodes', { from: '2025-02-01', to: '2025-02-20' })).toEqual([{ category: null, value: null, as_at: null }]);
    // By month each row is the stock at that month's end and says so.
    const monthly = await logicModel(indicatorContext(db), { service: ['TYSS'] }, { byLocality: false, byService: false }).execute();
    expect([...new Set(monthly.filter((r) => r.figure === 'open_episodes').map((r) => `${r.period} ${r.value} ${r.as_at}`))]).toEqual([
      '2025-01-01 3 2025-01-31',
      '2025-02-01 3 2025-02-28',
      '2025-03-01 1 2025-03-31',
      '2025-04-01 1 2025-04-30',
      '2025-05-01 1 2025-05-31',
      '2025-06-01 1 2025-06-30',
    ]);
  });

  it("gives county lines known as the latest month's returns, not a sum of the months", async () => {
    // Returns: Jan Hadley 3, Wellington 2, whole authority 10; Feb Hadley 4. The latest month with a return is
    // February: 4 at 28 Feb (the months added up would be 19).
    expect(await periodTotal('county_lines_known')).toEqual([{ category: null, value: 4, as_at: '2025-02-28' }]);
    // Wellington's latest return is January's: 2.
    expect(await periodTotal('county_lines_known', { locality: ['Wellington'] })).toEqual([{ category: null, value: 2, as_at: '2025-01-31' }]);
    // No return from March on: no data (not 0, not January's figure).
    expect(await periodTotal('county_lines_known', { from: '2025-03-01' })).toEqual([{ category: null, value: null, as_at: null }]);
  });
});

describe('a whole period keeps every measure', () => {
  it('lists every figure of every measurable item when the filters leave it no facts: 0 for counts, null for the rest', async () => {
    // TYSS Hadley in May 2025: only L3 is open (at 31 May). No referral, offence, screening, feedback, return.
    const filters = { from: '2025-05-01', to: '2025-05-31', service: ['TYSS'], locality: ['Hadley'] };
    const rows = await logicModel(indicatorContext(db), filters, { byMonth: false, byLocality: false, byService: false }).execute();
    // Every item of the seed is there: 34 + 31 + 26 = 91 (before, only the items not measurable and those answered by engagement).
    const seed = await db.one(`SELECT count(*) AS n FROM seed_logic_models`);
    expect(new Set(rows.map((r) => `${r.logic_model} ${r.measure_code}`)).size).toBe(seed?.n);
    const value = (figure: string) => [...new Set(rows.filter((r) => r.figure === figure).map((r) => `${r.category} ${r.value} ${r.as_at}`))];
    expect(value('open_episodes')).toEqual(['null 1 2025-05-31']);
    expect(value('referrals')).toEqual(['null 0 null']); // a count of nothing is 0
    expect(value('offences')).toEqual(['null 0 null']);
    expect(value('days_referral_to_decision')).toEqual(['null null null']); // a median of nothing: no data
    expect(value('risk_trajectory')).toEqual(['null null null']); // a share of nobody: no data
    expect(value('workforce_trained')).toEqual(['null null null']); // no partner return: no data
    // O4 "Reduced offending" keeps its place with both its figures.
    expect(rows.filter((r) => r.logic_model === 'reduce_exploitation' && r.measure_code === 'O4').map((r) => [r.figure, r.value])).toEqual([
      ['offences', 0],
      ['young_people_offending', 0],
    ]);
  });
});

describe('system measures for the cohort', () => {
  it('counts screenings by tier while the young person is in the cohort', async () => {
    // s4 (Y2, Dec 2024) is before L2's referral: not counted, though it is Y2's baseline above.
    expect((await martFigure('exploitation_screenings')).map((r) => [r.period, r.category, r.value])).toEqual([
      ['2025-01-01', 'high', 1],
      ['2025-01-01', 'medium', 1],
      ['2025-02-01', 'high', 1],
      ['2025-02-01', 'low', 1],
      ['2025-02-01', 'medium', 1],
      ['2025-03-01', 'high', 1],
    ]);
  });

  it("counts an event once per group, the cohort's children of family episodes, and nothing outside the windows", async () => {
    // o1: Y3 in L3 and L6 on 2 Feb, both TYSS Hadley: one offence, one violence offence, one young person offending.
    // o2: Y1 before L1's referral: out. d1: P5 is a parent: out. m1: Y5, child of L7's family: FIT Wellington.
    expect(await martFigure('offences')).toMatchObject([{ category: 'violence', period: '2025-02-01', ...hadleyTyss, value: 1 }]);
    expect(await martFigure('serious_offences')).toMatchObject([{ category: 'violence', period: '2025-02-01', ...hadleyTyss, value: 1 }]);
    expect(await martFigure('young_people_offending')).toMatchObject([{ period: '2025-02-01', ...hadleyTyss, value: 1 }]);
    expect(await martFigure('missing_episodes')).toMatchObject([{ category: 'from_home', period: '2025-02-01', locality: 'Wellington', service: 'FIT', value: 1 }]);
    // L8 (YOS) was referred during L3: one YOS episode started for the TYSS cohort; not counted against itself.
    expect(await martFigure('yos_episodes_started')).toMatchObject([{ period: '2025-04-01', ...hadleyTyss, value: 1 }]);
  });

  it('shows area measures per locality and for the whole authority (locality null), with no service', async () => {
    expect(await martFigure('county_lines_known')).toEqual([
      { category: null, period: '2025-01-01', locality: 'Hadley', service: null, value: 3, numerator: null, denominator: null },
      { category: null, period: '2025-01-01', locality: 'Wellington', service: null, value: 2, numerator: null, denominator: null },
      { category: null, period: '2025-01-01', locality: null, service: null, value: 10, numerator: null, denominator: null },
      { category: null, period: '2025-02-01', locality: 'Hadley', service: null, value: 4, numerator: null, denominator: null },
    ]);
    expect(await martFigure('workforce_trained')).toMatchObject([{ period: '2025-01-01', locality: null, value: 7 }]);
    // A locality filter keeps that locality's rows only; a service filter does not apply to area measures.
    expect((await indicatorFigure('county_lines_known', { locality: ['Hadley'] })).map((r) => [r.period, r.locality, r.value])).toEqual([
      ['2025-01-01', 'Hadley', 3],
      ['2025-02-01', 'Hadley', 4],
    ]);
    expect(await indicatorFigure('county_lines_known', { service: ['FIT'] })).toHaveLength(4);
  });
});

describe('the logic models', () => {
  it('lists an item not measurable from case data once, with a null value', async () => {
    const rows = await db.all(`SELECT * FROM mart_logic_model WHERE logic_model = 'reduce_exploitation' AND measure_code = 'S7'`);
    expect(rows).toEqual([
      {
        logic_model: 'reduce_exploitation',
        impact_statement: "Reducing the likelihood of vulnerable adolescents' involvement in exploitation",
        measure_kind: 'service_measure',
        measure_code: 'S7',
        measure_label: 'YP file audits and case studies',
        measure_position: 22,
        metric: null,
        figure: null,
        figure_label: 'Not measurable from case data',
        aggregation: null,
        category: null,
        period: null,
        locality: null,
        service: null,
        value: null,
        numerator: null,
        denominator: null,
        as_at: null,
        measurable: false,
      },
    ]);
    // Every item of the seed is there, measurable or not.
    const items = await db.one(`SELECT count(DISTINCT logic_model || measure_code) AS n FROM mart_logic_model`);
    const seed = await db.one(`SELECT count(*) AS n FROM seed_logic_models WHERE metric IS NULL OR metric IN (SELECT metric FROM mart_logic_model)`);
    expect(items?.n).toBe(seed?.n);
  });

  it('repeats a figure under every item its metric answers', async () => {
    // response_times answers reduce_exploitation D2, D5, S4 and safety_wellbeing D6.
    const rows = await db.all(
      `SELECT logic_model, measure_code FROM mart_logic_model WHERE figure = 'days_referral_to_decision' AND period = '2025-01-01' ORDER BY 1, measure_position`,
    );
    expect(rows.map((r) => `${r.logic_model} ${r.measure_code}`)).toEqual(['reduce_exploitation D2', 'reduce_exploitation D5', 'reduce_exploitation S4', 'safety_wellbeing D6']);
  });

  it('applies person filters to the young person, or to any child of a family episode', async () => {
    // Female: Y1 (L1, TYSS) and Y5 (child of L7's family, FIT).
    expect((await indicatorFigure('referrals', { sex: ['female'] })).map((r) => [r.service, r.category, r.value])).toEqual([
      ['TYSS', 'school', 1],
      ['FIT', 'unknown', 1],
    ]);
  });

  it('gives the same rows for a few figures as for all of them (logic_model_category_total asks for a few)', async () => {
    const few = ['referrals', 'missing_episodes', 'county_lines_known', 'distance_travelled_pairs'] as const;
    for (const [filters, options] of [
      [noFilters, {}],
      [{ from: '2025-01-01', to: '2025-03-31', ...hadleyTyss }, { byMonth: false }],
      [{ sex: ['female'] }, { byMonth: false, byLocality: false, byService: false }],
    ] as [Filters, LogicModelOptions][]) {
      const ofFew = (rows: Record<string, unknown>[]) => rows.filter((r) => (few as readonly unknown[]).includes(r.figure));
      const all = ofFew(await logicModel(indicatorContext(db), filters, options).execute());
      const only = ofFew(await logicModel(indicatorContext(db), filters, { ...options, figures: few }).execute());
      expect(only.length).toBeGreaterThan(0);
      expect(only).toEqual(all);
    }
    // Without distance travelled no pairs are made, and the other figures are unchanged.
    const noPairs = await logicModel(indicatorContext(db), noFilters, { figures: ['referrals'] }).execute();
    expect(new Set(noPairs.filter((r) => r.measurable).map((r) => r.figure))).toEqual(new Set(['referrals']));
  });

  it('gives the mart and the indicator the same rows with no filters', async () => {
    const mart = await db.all(`SELECT * FROM mart_logic_model`);
    const indicator = await logicModel(indicatorContext(db), noFilters).execute();
    expect(indicator).toEqual(mart);
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: '+mart_logic_model' });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});
