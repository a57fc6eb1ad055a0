import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../../../models/core/build.ts';
import { Database } from '../../../pipeline/db/database.ts';
import { createSources } from '../../models-core/helpers/createSources.ts';

// int_people's age and age band at the extract date, 2025-06-30 (age counts whole months
// from the birth month):
// C1 child   born 2021-01  -> 53 months -> 4 years, 0-4
// C2 child   born 2020-06  -> 60 months -> 5 years, 5-9 (the birth month's first day counts)
// U1 unborn  due  2025-09  -> not born at the extract date: no age, unknown (not 0-4)
// U2 unborn  due  2025-06  -> born in the extract's month: 0 years, 0-4
// U3 unborn  no month      -> unknown
// A1 parent  no month      -> unknown
const people = [
  ['C1', 'child', '2021-01-01'],
  ['C2', 'child', '2020-06-01'],
  ['U1', 'unborn', '2025-09-01'],
  ['U2', 'unborn', '2025-06-01'],
  ['U3', 'unborn', null],
  ['A1', 'parent', null],
];

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createSources(db, '2025-06-30');
  await db.run(`INSERT INTO families (family_id, locality) VALUES ('F1', 'Hadley')`);
  for (const [id, role, birth] of people) {
    await db.run(`INSERT INTO people (person_id, family_id, role, birth_month) VALUES ($1, 'F1', $2, $3::DATE)`, [id, role, birth]);
  }
  await buildModels(db, { select: ['+int_people'] });
});
afterAll(() => db.close());

describe('int_people', () => {
  it('gives age and age band at the extract date, and none to a child not yet born then', async () => {
    const rows = await db.all(`SELECT person_id, age_years, age_band FROM int_people ORDER BY person_id`);
    expect(rows).toEqual([
      { person_id: 'A1', age_years: null, age_band: 'unknown' },
      { person_id: 'C1', age_years: 4, age_band: '0-4' },
      { person_id: 'C2', age_years: 5, age_band: '5-9' },
      { person_id: 'U1', age_years: null, age_band: 'unknown' },
      { person_id: 'U2', age_years: 0, age_band: '0-4' },
      { person_id: 'U3', age_years: null, age_band: 'unknown' },
    ]);
  });
});
