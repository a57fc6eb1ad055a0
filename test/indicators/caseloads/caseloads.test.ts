import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseloadSummary } from '../../../models/indicators/caseloadSummary.ts';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { workersOverLimit } from '../../../models/indicators/workersOverLimit.ts';
import type { Database } from '../../../pipeline/db/database.ts';
import { buildExtract, failingDataTests, indicatorContext, type Extract, type Row } from '../practice-standards/helpers.ts';

// Caseloads (indicators.md section 4): each worker's open allocated cases at each month end
// against caseload_limit x fte. Extract date 2025-03-15; the earliest referral is 5 Dec 2024,
// so the month ends are 31 Dec 2024, 31 Jan and 28 Feb 2025 (31 Mar is after the extract).
// Open at a month end: allocated_on <= month_end and (closed_on null or closed_on >
// month_end), so an episode closed ON a month end is off that month end's caseload.
const EXTRACTED_ON = '2025-03-15';

const ep = (episode_id: string, family_id: string, service: string, worker_id: string | null, allocated_on: string | null, extra: Row = {}): Row => ({
  episode_id,
  family_id,
  service,
  team: service === 'FIT' ? 'A' : service === 'YIT' ? 'B' : 'C',
  worker_id,
  referral_on: '2024-12-05',
  decision: 'allocated',
  allocated_on,
  ...extra,
});

const families = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8'].map((family_id) => ({ family_id, locality: 'Hadley' }));

const extract: Extract = {
  families: [...families, { family_id: 'F10', locality: 'Wellington' }, { family_id: 'F11', locality: 'Madeley' }, { family_id: 'F20', locality: 'Oakengates' }],
  people: ['P1', 'P2', 'P3', 'P4'].map((person_id, i) => ({ person_id, family_id: i < 2 ? 'F10' : 'F11', role: 'child' })),
  workers: [
    // fte 0.5 and no limit of its own: FIT's default 12 x 0.5 = 6.
    { worker_id: 'W1', service: 'FIT', team: 'A', locality: 'Hadley', fte: 0.5, caseload_limit: null },
    // fte not given (1) and a limit of 3.
    { worker_id: 'W2', service: 'YIT', team: 'B', locality: null, fte: null, caseload_limit: 3 },
    // Listed, never allocated a case.
    { worker_id: 'W3', service: 'SF', team: 'A', locality: 'Hadley', fte: 1, caseload_limit: 10 },
  ],
  episodes: [
    // W1, FIT: counts families.
    ep('E1', 'F1', 'FIT', 'W1', '2024-12-06'),
    ep('E2', 'F1', 'FIT', 'W1', '2025-01-10'),
    ep('E3', 'F2', 'FIT', 'W1', '2024-12-10', { closed_on: '2025-01-31', closure_reason: 'outcomes_met' }),
    ...['F3', 'F4', 'F5', 'F6', 'F7', 'F8'].map((f, i) => ep(`E${4 + i}`, f, 'FIT', 'W1', '2025-02-03')),
    ep('E10', 'F1', 'FIT', 'W1', null),
    // W2, YIT: counts young people.
    ep('E20', 'F10', 'YIT', 'W2', '2025-01-05', { subject_person_id: 'P1' }),
    ep('E21', 'F10', 'YIT', 'W2', '2025-01-06', { subject_person_id: 'P2' }),
    ep('E22', 'F10', 'YIT', 'W2', '2025-02-01', { subject_person_id: 'P1' }),
    ep('E23', 'F11', 'YIT', 'W2', '2025-01-20', { subject_person_id: 'P3' }),
    ep('E24', 'F11', 'YIT', 'W2', '2025-02-20', { subject_person_id: 'P4' }),
    // W9 is not in the workers file: EH's default limit 12, fte 1.
    ep('E30', 'F20', 'EH', 'W9', '2025-01-15', { closed_on: '2025-02-10', closure_reason: 'step_down' }),
    ep('E31', 'F20', 'EH', null, '2025-01-15'),
  ],
};

const models = ['int_workers', 'mart_caseloads'];
let db: Database;
beforeAll(async () => {
  db = await buildExtract(EXTRACTED_ON, extract, ['+mart_caseloads', '+int_people']);
});
afterAll(() => db.close());

describe('mart_caseloads', () => {
  it('counts open cases per worker and month end against limit x fte', async () => {
    const rows = await db.all(
      `SELECT worker_id, month_end, open_cases, open_episodes, caseload_limit, over_limit FROM mart_caseloads ORDER BY worker_id, month_end`,
    );
    expect(rows.map((r) => [r.worker_id, r.month_end, r.open_cases, r.open_episodes, r.caseload_limit, r.over_limit])).toEqual([
      // W1 (limit 12 x 0.5 = 6). 31 Dec: E1 (F1), E3 (F2): 2 families.
      ['W1', '2024-12-31', 2, 2, 6, false],
      // 31 Jan: E1 and E2 are both F1: 1 family, 2 episodes; E3 closed ON 31 Jan is not open then.
      ['W1', '2025-01-31', 1, 2, 6, false],
      // 28 Feb: F1 (E1, E2) and F3-F8 (E4-E9): 7 families > 6: over. E10 was never allocated.
      ['W1', '2025-02-28', 7, 8, 6, true],
      // W2 (limit 3, fte 1). 31 Jan: P1 (E20), P2 (E21), P3 (E23): 3 young people, though only 2
      // families (F10, F11); 3 = the limit is not over.
      ['W2', '2025-01-31', 3, 3, 3, false],
      // 28 Feb: P1 (E20, E22), P2, P3, P4 (E24): 4 young people > 3: over.
      ['W2', '2025-02-28', 4, 5, 3, true],
      // W3 is listed but never held a case: one row at the latest month end, 0 of 10.
      ['W3', '2025-02-28', 0, 0, 10, false],
      // W9, known only from E30 (open 15 Jan - 10 Feb): 31 Jan only, 1 of EH's default 12.
      ['W9', '2025-01-31', 1, 1, 12, false],
    ]);
  });

  it("gives each worker their team, service and locality (the latest episode's where the workers file has none)", async () => {
    const rows = await db.all(`SELECT DISTINCT worker_id, service, team, locality, caseload_unit, fte, base_caseload_limit FROM mart_caseloads ORDER BY worker_id`);
    expect(rows).toEqual([
      { worker_id: 'W1', service: 'FIT', team: 'A', locality: 'Hadley', caseload_unit: 'family', fte: 0.5, base_caseload_limit: 12 },
      // No locality in the file: E24 (allocated 20 Feb, the latest) is F11's, Madeley.
      { worker_id: 'W2', service: 'YIT', team: 'B', locality: 'Madeley', caseload_unit: 'young_person', fte: 1, base_caseload_limit: 3 },
      { worker_id: 'W3', service: 'SF', team: 'A', locality: 'Hadley', caseload_unit: 'family', fte: 1, base_caseload_limit: 10 },
      { worker_id: 'W9', service: 'EH', team: 'C', locality: 'Oakengates', caseload_unit: 'family', fte: 1, base_caseload_limit: 12 },
    ]);
  });

  it('passes its data tests', async () => {
    expect(await failingDataTests(db, models)).toEqual([]);
  });
});

describe('caseloadSummary', () => {
  const ctx = () => indicatorContext(db);

  it('totals by service at each month end', async () => {
    const rows = await caseloadSummary(ctx(), { from: '2025-02-01' }, 'service').execute();
    // 28 Feb: FIT 7 of 6 = 116.67%, W1 over; SF 0 of 10; YIT 4 of 3 = 133.33%, W2 over.
    expect(rows.map((r) => [r.month_end, r.service, r.workers, r.fte, r.open_cases, r.open_episodes, r.caseload_limit, r.workers_over_limit])).toEqual([
      ['2025-02-28', 'FIT', 1, 0.5, 7, 8, 6, 1],
      ['2025-02-28', 'SF', 1, 1, 0, 0, 10, 0],
      ['2025-02-28', 'YIT', 1, 1, 4, 5, 3, 1],
    ]);
    expect(rows[0].pct_of_limit).toBeCloseTo(116.666667, 5);
    expect(rows[2].pct_of_limit).toBeCloseTo(133.333333, 5);
  });

  it('totals by team, filtered by team and period', async () => {
    const rows = await caseloadSummary(ctx(), { team: ['A'], to: '2025-01-31' }, 'team').execute();
    // Team A holds W1 (FIT) and W3 (SF); W3 has rows only at 28 Feb, outside the period.
    expect(rows.map((r) => [r.month_end, r.service, r.team, r.workers, r.open_cases, r.caseload_limit, r.pct_of_limit])).toEqual([
      ['2024-12-31', 'FIT', 'A', 1, 2, 6, (100 * 2) / 6],
      ['2025-01-31', 'FIT', 'A', 1, 1, 6, (100 * 1) / 6],
    ]);
  });

  it('refuses person filters: a caseload belongs to a worker', () => {
    expect(() => caseloadSummary(ctx(), { sex: ['female'] })).toThrow(/age band, sex, ethnicity or SEND/);
  });
});

describe('workersOverLimit', () => {
  const ctx = () => indicatorContext(db);

  it('lists the workers over their limit at the latest month end, furthest over first', async () => {
    const rows = await workersOverLimit(ctx(), noFilters).execute();
    // 28 Feb: W1 7 - 6 = 1 over; W2 4 - 3 = 1 over (tie: by worker).
    expect(rows.map((r) => [r.worker_id, r.month_end, r.open_cases, r.caseload_limit, r.over_by])).toEqual([
      ['W1', '2025-02-28', 7, 6, 1],
      ['W2', '2025-02-28', 4, 3, 1],
    ]);
  });

  it('takes the latest month end inside the period: at 31 Jan nobody is over (W2 is at its limit)', async () => {
    expect(await workersOverLimit(ctx(), { to: '2025-01-31' }).execute()).toEqual([]);
    const yit = await workersOverLimit(ctx(), { service: ['YIT'] }).execute();
    expect(yit.map((r) => r.worker_id)).toEqual(['W2']);
  });
});
