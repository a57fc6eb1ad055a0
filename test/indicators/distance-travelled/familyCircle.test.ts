import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { buildModels } from '../../../models/core/build.ts';
import { formatTestResult } from '../../../models/core/formatTestResult.ts';
import { testModels } from '../../../models/core/test.ts';
import { familyCircleClosureRoutes } from '../../../models/indicators/familyCircleClosureRoutes.ts';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';
import { configWith, indicatorContext, insert, reading } from './helpers.ts';

// Family Circle closure routes (indicators.md section 2; manual 004 "Closure Route 1/2").
// A reading shows sustained progress when every area with a progress value is
// significant_and_sustained (S) or partial_significant_and_sustained (P), and at least one
// area has one. Route 1: the last two readings on or before closing show it; route 2: only
// the last. Extract date 2025-06-30.
const EXTRACTED_ON = '2025-06-30';
const S = 'significant_and_sustained';
const P = 'partial_significant_and_sustained';

const families = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'].map((family_id) => ({ family_id, locality: 'Hadley' }));
const sf = (episode_id: string, family_id: string, closed_on: string | null, closure_reason: string | null, service = 'SF') => ({
  episode_id,
  family_id,
  service,
  referral_on: '2024-09-01',
  decision: 'allocated',
  allocated_on: '2024-09-05',
  closed_on,
  closure_reason,
});
const episodes = [
  sf('E20', 'F1', '2025-03-31', 'outcomes_met'),
  sf('E21', 'F2', '2025-03-31', 'outcomes_met'),
  sf('E22', 'F3', '2025-02-28', 'outcomes_met'),
  sf('E23', 'F4', '2025-05-31', 'outcomes_met'),
  sf('E24', 'F5', '2024-12-15', 'outcomes_met'),
  sf('E25', 'F6', '2025-03-31', 'disengaged'),
  sf('E26', 'F7', null, null),
  sf('E27', 'F1', '2025-04-30', 'step_down'),
  sf('E28', 'F7', '2025-06-01', 'outcomes_met'),
  sf('E29', 'F2', '2025-03-31', 'outcomes_met', 'FIT'),
];
const fc = (id: string, ep: string, on: string, scores: Record<string, number>, progress: Record<string, string | null>, retrospective?: boolean) =>
  reading(id, ep, null, 'family_circle', on, scores, { progress, retrospective });
const assessments = [
  // E20: first reading (no progress yet), then S+P, then S+S with an area not judged: route 1.
  ...fc('C20a', 'E20', '2024-11-01', { children_need_help: 3, parenting: 4 }, {}),
  ...fc('C20b', 'E20', '2025-01-10', { children_need_help: 6, parenting: 6 }, { children_need_help: S, parenting: P }),
  ...fc('C20c', 'E20', '2025-03-20', { children_need_help: 7, parenting: 7, school_attendance: 5 }, { children_need_help: S, parenting: S }),
  // E21: one area only "significant", then S+S: route 2.
  ...fc('C21a', 'E21', '2024-12-01', { children_need_help: 5, parenting: 5 }, { children_need_help: S, parenting: 'significant' }),
  ...fc('C21b', 'E21', '2025-03-01', { children_need_help: 7, parenting: 7 }, { children_need_help: S, parenting: S }),
  // E22: a single first reading with no progress judged is not "sustained": none.
  ...fc('C22a', 'E22', '2025-02-01', { children_need_help: 4 }, {}),
  // E23: a single reading showing sustained progress: route 2 (the manual's "only 1 Family Circle").
  ...fc('C23a', 'E23', '2025-05-01', { children_need_help: 6 }, { children_need_help: P }),
  // E24: S, then P on the closing day; a reading after closing does not count: route 1.
  ...fc('C24a', 'E24', '2024-10-01', { children_need_help: 6 }, { children_need_help: S }),
  ...fc('C24b', 'E24', '2024-12-15', { children_need_help: 7 }, { children_need_help: P }),
  ...fc('C24c', 'E24', '2025-01-20', { children_need_help: 4 }, { children_need_help: 'no_progress' }),
  // E25: route 1, but closed disengaged: not in the outcomes_met share.
  ...fc('C25a', 'E25', '2025-01-01', { children_need_help: 6 }, { children_need_help: S }),
  ...fc('C25b', 'E25', '2025-03-01', { children_need_help: 7 }, { children_need_help: S }),
  // E26: open: no closure.
  ...fc('C26a', 'E26', '2025-01-01', { children_need_help: 6 }, { children_need_help: S }),
  // E27: S, no_progress, then a retrospective S, left out by default: none.
  ...fc('C27a', 'E27', '2025-02-01', { children_need_help: 6 }, { children_need_help: S }),
  ...fc('C27b', 'E27', '2025-04-01', { children_need_help: 5 }, { children_need_help: 'no_progress' }),
  ...fc('C27c', 'E27', '2025-04-20', { children_need_help: 7 }, { children_need_help: S }, true),
  // E28: P then S: route 1.
  ...fc('C28a', 'E28', '2025-03-01', { parenting: 6 }, { parenting: P }),
  ...fc('C28b', 'E28', '2025-05-20', { parenting: 8 }, { parenting: S }),
  // E29: a FIT episode: not an SF closure.
  ...fc('C29a', 'E29', '2025-03-01', { parenting: 8 }, { parenting: S }),
];

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createSources(db, EXTRACTED_ON);
  await insert(db, 'families', families);
  await insert(db, 'episodes', episodes);
  await insert(db, 'assessments', assessments);
  await buildModels(db, { select: '+mart_family_circle_closures' });
});
afterAll(() => db.close());

const routes = async () =>
  Object.fromEntries((await db.all(`SELECT episode_id, route FROM mart_family_circle_closures ORDER BY episode_id`)).map((r) => [r.episode_id, r.route]));

describe('mart_family_circle_closures', () => {
  it('gives every closed SF episode its route', async () => {
    // E26 is open and E29 is FIT: no rows.
    expect(await routes()).toEqual({
      E20: 'route_1',
      E21: 'route_2',
      E22: 'none',
      E23: 'route_2',
      E24: 'route_1',
      E25: 'route_1',
      E27: 'none',
      E28: 'route_1',
    });
  });

  it('uses the readings on or before the closing date only', async () => {
    const row = await db.one(`SELECT * FROM mart_family_circle_closures WHERE episode_id = 'E24'`);
    // C24c (20 Jan 2025) is after closing on 15 Dec 2024; C24b on the closing day counts.
    expect(row).toMatchObject({
      n_readings: 2,
      last_assessment_id: 'C24b',
      last_reading_on: '2024-12-15',
      last_shows_sustained: true,
      previous_assessment_id: 'C24a',
      previous_shows_sustained: true,
    });
  });

  it('passes its data tests and those of its parents', async () => {
    const report = await testModels(db, { select: '+mart_family_circle_closures' });
    expect(report.results.filter((r) => !r.passed).map(formatTestResult)).toEqual([]);
  });
});

describe('familyCircleClosureRoutes', () => {
  it('gives the share of outcomes_met closures by route', async () => {
    const rows = await familyCircleClosureRoutes(indicatorContext(db), noFilters).execute();
    // outcomes_met SF closures: E20 r1, E21 r2, E22 none, E23 r2, E24 r1, E28 r1 = 6
    // (E25 disengaged and E27 step_down are not counted): route 1 3/6 = 50,
    // route 2 2/6 = 33.333333, none 1/6 = 16.666667.
    expect(rows.map((r) => [r.route, r.n_closures, r.n_outcomes_met_closures])).toEqual([
      ['route_1', 3, 6],
      ['route_2', 2, 6],
      ['none', 1, 6],
    ]);
    expect(rows.map((r) => r.pct_of_outcomes_met_closures)).toEqual([50, expect.closeTo(33.333333, 5), expect.closeTo(16.666667, 5)]);
  });

  it('counts closures by closing date in the period, listing a route with none', async () => {
    // Apr-Jun 2025: E23 (closed 31 May, route 2) and E28 (1 Jun, route 1): 50 and 50; none 0.
    const rows = await familyCircleClosureRoutes(indicatorContext(db), { from: '2025-04-01', to: '2025-06-30' }).execute();
    expect(rows.map((r) => [r.route, r.n_closures, r.n_outcomes_met_closures, r.pct_of_outcomes_met_closures])).toEqual([
      ['route_1', 1, 2, 50],
      ['route_2', 1, 2, 50],
      ['none', 0, 2, 0],
    ]);
  });

  it('keeps retrospective Family Circles when the configuration says so', async () => {
    // E27's last two become C27b (no_progress) and C27c (S): route 2.
    await buildModels(db, { select: '+mart_family_circle_closures', config: configWith({ excludeRetrospective: false }) });
    expect((await routes()).E27).toBe('route_2');
  });
});
