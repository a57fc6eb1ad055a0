import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../pipeline/db/database.ts';
import { buildModels } from '../../../models/core/build.ts';
import { noFilters } from '../../../models/indicators/Filters.ts';
import { gcp2HighToLow } from '../../../models/indicators/gcp2HighToLow.ts';
import { readingPairs } from '../../../models/indicators/readingPairs.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';
import { indicatorContext, insert, reading } from './helpers.ts';

// GCP2 high-to-low (indicators.md section 2) on decimal scores, which the data contract
// allows ("score: decimal, within the tool's scale"). A score's grade is its stage in
// int_readings: a grade runs from its score up to the next grade's (3.5 is grade 3,
// borderline; 4.5 is grade 4, poor). Extract date 2025-06-30.
//
// One child P1, one episode E1, two GCP2 readings (baseline -> latest, grades):
//   physical_care       4   -> 3.5   poor -> borderline      grade 4-5 to 1-3: yes
//   emotional_care      4.5 -> 4     poor -> poor            high at baseline, stays high
//   care_of_safety      3.5 -> 1     borderline -> child_first  not high at baseline
//   developmental_care  5   -> 3.99  very_worried -> borderline  grade 4-5 to 1-3: yes
// Expected per area (n_pairs, n_high_at_baseline, n_high_to_low, pct):
//   care_of_safety 1, 0, 0, null; developmental_care 1, 1, 1, 100;
//   emotional_care 1, 1, 0, 0;    physical_care 1, 1, 1, 100.
// Before the fix a latest score had to be <= 3, so 3.5 and 3.99 (borderline) did not count.
const EXTRACTED_ON = '2025-06-30';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createSources(db, EXTRACTED_ON);
  await insert(db, 'families', [{ family_id: 'F1', locality: 'Hadley' }]);
  await insert(db, 'people', [{ person_id: 'P1', family_id: 'F1', role: 'child', birth_month: '2018-01-01' }]);
  await insert(db, 'episodes', [
    { episode_id: 'E1', family_id: 'F1', service: 'FIT', referral_on: '2024-01-02', decision: 'allocated', allocated_on: '2024-01-05' },
  ]);
  await insert(db, 'assessments', [
    ...reading('G1', 'E1', 'P1', 'gcp2', '2024-02-01', { physical_care: 4, emotional_care: 4.5, care_of_safety: 3.5, developmental_care: 5 }),
    ...reading('G2', 'E1', 'P1', 'gcp2', '2024-06-01', { physical_care: 3.5, emotional_care: 4, care_of_safety: 1, developmental_care: 3.99 }),
  ]);
  await buildModels(db, { select: ['+mart_reading_pairs', '+int_people'] });
});
afterAll(() => db.close());

describe('gcp2HighToLow with decimal scores', () => {
  it('counts a latest score below 4 as grade 1-3, as the pair\'s latest stage does', async () => {
    const rows = await gcp2HighToLow(indicatorContext(db), noFilters).execute();
    expect(rows.map((r) => [r.area, r.n_pairs, r.n_high_at_baseline, r.n_high_to_low, r.pct_high_to_low])).toEqual([
      ['care_of_safety', 1, 0, 0, null],
      ['developmental_care', 1, 1, 1, 100],
      ['emotional_care', 1, 1, 0, 0],
      ['physical_care', 1, 1, 1, 100],
    ]);
  });

  it('agrees with the grades of the pairs', async () => {
    const pairs = await readingPairs(indicatorContext(db), noFilters).execute();
    const grades = Object.fromEntries(pairs.map((p) => [p.area, [p.baseline_stage, p.latest_stage]]));
    expect(grades).toEqual({
      physical_care: ['poor', 'borderline'],
      emotional_care: ['poor', 'poor'],
      care_of_safety: ['borderline', 'child_first'],
      developmental_care: ['very_worried', 'borderline'],
    });
  });
});
