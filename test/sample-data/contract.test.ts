// A clean extract keeps every rule of the data contract (so the pipeline loads it with
// zero rejects) and the rules a real case system keeps without being told.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, toolAreas } from '../../pipeline/contract/codes.ts';
import { files } from '../../pipeline/contract/contract.ts';
import { Database } from '../../pipeline/db/database.ts';
import type { ExtractSummary } from '../../sample-data/generateExtract.ts';
import { checkExtract } from './checkExtract.ts';
import { removeTempExtracts, tempExtract } from './tempExtract.ts';

let x: ExtractSummary;
let db: Database;

beforeAll(async () => {
  x = await tempExtract({ families: 1500, seed: 2 });
  db = await Database.open();
});
afterAll(() => {
  db?.close();
  removeTempExtracts();
});

const count = async (sql: string) => (await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`))!.n;
const values = async (sql: string) => (await db.all<{ v: string }>(sql)).map((r) => r.v);

describe('a clean extract', () => {
  it('has every contract file with exactly the contract columns, and a manifest', () => {
    for (const spec of files) {
      const header = readFileSync(join(x.out, `${spec.name}.csv`), 'utf8').split('\n', 1)[0];
      expect(header).toBe(spec.columns.map((c) => c.name).join(','));
      expect(x.rows[spec.name], spec.name).toBeGreaterThan(0);
    }
    expect(JSON.parse(readFileSync(join(x.out, 'manifest.json'), 'utf8'))).toEqual({
      extracted_on: '2025-06-30',
      authority: expect.stringContaining('Telford'),
    });
  });

  it('breaks no contract rule: types, codes, ranges, dates, keys, foreign keys, scales, areas', async () => {
    const failures = await checkExtract(db, x.out, '2025-06-30');
    expect(failures.slice(0, 10)).toEqual([]);
    expect(await count('SELECT * FROM t_events')).toBe(x.rows.events);
  });

  it('keeps dates in their natural order', async () => {
    expect(await count('SELECT * FROM t_episodes WHERE p_decision_on < p_referral_on OR p_allocated_on < p_decision_on OR p_closed_on < p_allocated_on')).toBe(0);
    expect(await count('SELECT * FROM t_episodes WHERE (p_decision IS NULL) <> (p_decision_on IS NULL)')).toBe(0);
    expect(await count("SELECT * FROM t_episodes WHERE (p_allocated_on IS NULL) <> (worker_id IS NULL)")).toBe(0);
    expect(await count(`SELECT * FROM t_need_reviews r JOIN t_family_needs n USING (need_id) WHERE r.p_reviewed_on <= n.p_identified_on`)).toBe(0);
    // Practice events belong to their episode's time: from referral to a few months after closing (summary, feedback).
    expect(
      await count(`SELECT * FROM t_events v JOIN t_episodes e USING (episode_id)
        WHERE v.p_occurred_at::DATE < e.p_referral_on OR v.p_occurred_at::DATE > e.p_closed_on + INTERVAL 200 DAY`),
    ).toBe(0);
    expect(
      await count(`SELECT * FROM t_assessments a JOIN t_episodes e USING (episode_id)
        WHERE a.p_assessed_on < e.p_allocated_on OR a.p_assessed_on > coalesce(e.p_closed_on, DATE '2025-06-30')`),
    ).toBe(0);
    expect(await count("SELECT * FROM t_people WHERE p_role = 'child' AND p_birth_month > DATE '2025-06-30'")).toBe(0);
    expect(await count('SELECT * FROM t_events v JOIN t_people p USING (person_id) WHERE v.p_occurred_at::DATE < p.p_birth_month')).toBe(0);
    // Nobody under 10 (the age of criminal responsibility) offends or is sentenced.
    expect(
      await count(`SELECT * FROM t_events v JOIN t_people p USING (person_id)
        WHERE v.p_event_type IN ('offence', 'out_of_court_disposal', 'court_outcome', 'custody', 'arrest') AND v.p_occurred_at::DATE < p.p_birth_month + INTERVAL 10 YEAR`),
    ).toBe(0);
    // No time of day in 00:00-06:59: clock changes happen at 01:00 and 02:00 London time.
    expect(await count("SELECT * FROM t_events WHERE length(occurred_at) > 10 AND hour(p_occurred_at) < 7")).toBe(0);
    expect(await count("SELECT * FROM t_events WHERE length(occurred_at) > 10")).toBeGreaterThan(x.rows.events / 2);
  });

  it('keeps every row inside its own family', async () => {
    // The joins below must have rows to check.
    expect(await count('SELECT * FROM t_events JOIN t_episodes USING (episode_id)')).toBeGreaterThan(x.rows.events / 2);
    expect(await count('SELECT * FROM t_events v JOIN t_people p USING (person_id) WHERE v.episode_id IS NULL')).toBeGreaterThan(1000);
    expect(await count('SELECT * FROM t_events v JOIN t_episodes e USING (episode_id) WHERE v.family_id <> e.family_id')).toBe(0);
    expect(await count('SELECT * FROM t_events v JOIN t_people p USING (person_id) WHERE v.family_id <> p.family_id')).toBe(0);
    expect(await count('SELECT * FROM t_episodes e JOIN t_people p ON p.person_id = e.subject_person_id WHERE p.family_id <> e.family_id')).toBe(0);
    expect(await count('SELECT * FROM t_family_needs n JOIN t_episodes e USING (episode_id) WHERE n.family_id <> e.family_id')).toBe(0);
    expect(await count('SELECT * FROM t_family_needs n JOIN t_people p USING (person_id) WHERE n.family_id <> p.family_id')).toBe(0);
    expect(await count(`SELECT * FROM t_episodes e JOIN t_workers w USING (worker_id) WHERE upper(w.p_service) <> upper(e.p_service) OR w.team <> e.team`)).toBe(0);
  });

  it('makes each reading one tool on one day with every area of the tool once', async () => {
    expect(
      await count(`SELECT assessment_id FROM t_assessments GROUP BY 1
        HAVING count(DISTINCT p_tool) > 1 OR count(DISTINCT p_assessed_on) > 1 OR count(DISTINCT episode_id) > 1 OR count(DISTINCT coalesce(person_id, '')) > 1`),
    ).toBe(0);
    const areas = toolAreas.map((t) => `('${t.tool}', ${toolAreas.filter((u) => u.tool === t.tool).length})`);
    expect(
      await count(`SELECT assessment_id FROM t_assessments a JOIN (VALUES ${[...new Set(areas)].join(', ')}) v(tool, n) ON v.tool = a.p_tool
        GROUP BY assessment_id, v.n HAVING count(*) <> v.n`),
    ).toBe(0);
  });

  it('uses every event type, tool, decision and closure reason of the contract', async () => {
    const lower = (xs: readonly string[]) => xs.map((c) => c.toLowerCase()).sort();
    expect((await values('SELECT DISTINCT p_event_type AS v FROM t_events ORDER BY 1')).sort()).toEqual(lower(codes.event_type));
    expect((await values('SELECT DISTINCT p_tool AS v FROM t_assessments ORDER BY 1')).sort()).toEqual(lower(codes.tool));
    expect((await values('SELECT DISTINCT p_decision AS v FROM t_episodes WHERE p_decision IS NOT NULL')).sort()).toEqual(lower(codes.decision));
    expect((await values('SELECT DISTINCT p_closure_reason AS v FROM t_episodes WHERE p_closure_reason IS NOT NULL')).sort()).toEqual(lower(codes.closure_reason));
    expect((await values('SELECT DISTINCT p_service AS v FROM t_episodes')).sort()).toEqual(lower(codes.service));
    expect((await values('SELECT DISTINCT p_headline AS v FROM t_family_needs')).sort()).toEqual(lower(codes.headline));
    expect((await values('SELECT DISTINCT p_status AS v FROM t_need_reviews')).sort()).toEqual(lower(codes.review_status));
    expect((await values('SELECT DISTINCT p_progress AS v FROM t_assessments WHERE p_progress IS NOT NULL')).sort()).toEqual(lower(codes.progress));
  });
});
