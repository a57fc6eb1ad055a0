import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../pipeline/db/database.ts';
import { codes } from '../../pipeline/contract/codes.ts';
import { buildModels } from '../../models/core/build.ts';
import { testModels } from '../../models/core/test.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  const seeds = ['seed_bank_holidays', 'seed_headlines', 'seed_journey_stages', 'seed_logic_models', 'seed_practice_standards', 'seed_services', 'seed_tool_areas'];
  await buildModels(db, { select: seeds });
});
afterAll(() => db.close());

const holidays = async (year: number) =>
  (await db.all<{ d: string }>(`select holiday_on as d from seed_bank_holidays where year(holiday_on) = $1 order by 1`, [year])).map((r) => r.d);

describe('seeds', () => {
  it('pass their own data tests', async () => {
    const report = await testModels(db, { select: ['seed_bank_holidays', 'seed_headlines', 'seed_journey_stages', 'seed_logic_models', 'seed_practice_standards'] });
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
  });

  describe('bank holidays (England and Wales)', () => {
    it.each([
      ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
      ['2022-09-19', 'Bank holiday for the State Funeral of Queen Elizabeth II'],
      ['2022-06-02', 'Spring bank holiday'],
      ['2022-06-03', 'Platinum Jubilee bank holiday'],
      ['2020-05-08', 'Early May bank holiday (VE day)'],
      ['2024-03-29', 'Good Friday'],
      ['2024-04-01', 'Easter Monday'],
      ['2019-04-19', 'Good Friday'],
      ['2025-04-21', 'Easter Monday'],
      ['2030-04-19', 'Good Friday'],
      ['2027-12-27', 'Christmas Day'],
      ['2027-12-28', 'Boxing Day'],
      ['2022-01-03', "New Year's Day"],
      ['2023-01-02', "New Year's Day"],
      ['2020-12-28', 'Boxing Day'],
    ])('%s is %s', async (date, name) => {
      const row = await db.one(`select name from seed_bank_holidays where holiday_on = $1::DATE`, [date]);
      expect(row?.name).toBe(name);
    });

    it('moves the early May holiday in 2020 and the spring one in 2022, not adding them', async () => {
      expect(await holidays(2020)).not.toContain('2020-05-04');
      expect(await holidays(2022)).not.toContain('2022-05-30');
    });

    it('has 8 holidays a year, plus the one-off ones', async () => {
      const counts = await db.all<{ y: number; n: number }>(`select year(holiday_on) as y, count(*) as n from seed_bank_holidays group by 1 order by 1`);
      expect(counts.map((c) => c.y)).toEqual(Array.from({ length: 16 }, (_, i) => 2015 + i));
      for (const { y, n } of counts) expect(n).toBe(y === 2022 ? 10 : y === 2023 ? 9 : 8);
    });

    it('lists 2021 exactly as GOV.UK does', async () => {
      expect(await holidays(2021)).toEqual(['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28']);
    });
  });

  it('has the 10 headlines of the data contract', async () => {
    const rows = await db.all<{ headline: string }>(`select headline from seed_headlines order by position`);
    expect(rows.map((r) => r.headline)).toEqual([...codes.headline]);
  });

  it('stages a score per tool and edition', async () => {
    const stageOf = async (tool: string, edition: string | null, score: number) =>
      (
        await db.one<{ stage: string }>(
          `select stage from seed_journey_stages where tool = $1 and $3 between score_from and score_to
             and (edition = $2 or (edition is null and not exists (
               select 1 from seed_journey_stages s where s.tool = $1 and s.edition = $2 and $3 between s.score_from and s.score_to)))`,
          [tool, edition, score],
        )
      )?.stage;
    expect(await stageOf('family_star_plus', '1', 2)).toBe('stuck');
    expect(await stageOf('my_star', '1', 7)).toBe('finding_what_works');
    expect(await stageOf('youth_star', '1', 10)).toBe('effective');
    expect(await stageOf('youth_star', '2', 10)).toBe('self_reliance');
    expect(await stageOf('teen_star', null, 3)).toBe('making_changes');
    expect(await stageOf('gcp2', null, 4)).toBe('poor');
    const ranks = await db.all<{ stage: string; stage_rank: number }>(`select stage, stage_rank from seed_journey_stages where tool = 'gcp2' order by stage_rank`);
    expect(ranks.map((r) => r.stage)).toEqual(['very_worried', 'poor', 'borderline', 'adequate', 'child_first']);
  });

  it('holds the practice standards of indicators.md section 3', async () => {
    const rows = await db.all(`select standard, service, clock_days, working_days from seed_practice_standards order by standard, service`);
    const find = (standard: string, service: string) => rows.find((r) => r.standard === standard && r.service === service);
    expect(find('first_visit', 'SF')).toEqual({ standard: 'first_visit', service: 'SF', clock_days: 7, working_days: false });
    expect(find('assessment', 'YOS')).toEqual({ standard: 'assessment', service: 'YOS', clock_days: 15, working_days: true });
    expect(find('review_interval', 'YOS')).toMatchObject({ clock_days: 182 });
    expect(find('closure_summary', 'SF')).toMatchObject({ clock_days: 7 });
    expect(find('return_home_interview', 'all')).toMatchObject({ clock_days: 3 });
    expect(new Set(rows.map((r) => r.standard))).toEqual(
      new Set([
        'decision',
        'first_contact',
        'first_visit',
        'manager_review',
        'assessment',
        'taf_meeting',
        'review_interval',
        'first_family_circle',
        'family_circle_interval',
        'first_supervision',
        'waiting_list_review',
        'return_home_interview',
        'closure_summary',
        'long_case_review',
      ]),
    );
  });

  it('holds the three logic models, marking what case data cannot measure', async () => {
    const rows = await db.all<{ logic_model: string; kind: string; n: number; unmeasured: number }>(
      `select logic_model, kind, count(*) as n, count(*) filter (where metric is null) as unmeasured
       from seed_logic_models group by all order by all`,
    );
    const n = (lm: string, kind: string) => rows.find((r) => r.logic_model === lm && r.kind === kind)?.n;
    expect(new Set(rows.map((r) => r.logic_model))).toEqual(new Set(['reduce_exploitation', 'safety_wellbeing', 'resilience_life_chances']));
    expect([n('reduce_exploitation', 'outcome'), n('reduce_exploitation', 'service_measure'), n('reduce_exploitation', 'system_measure')]).toEqual([5, 10, 9]);
    expect([n('safety_wellbeing', 'outcome'), n('safety_wellbeing', 'determinant'), n('safety_wellbeing', 'system_measure')]).toEqual([7, 12, 3]);
    expect([n('resilience_life_chances', 'outcome'), n('resilience_life_chances', 'service_measure'), n('resilience_life_chances', 'system_measure')]).toEqual([7, 8, 3]);
    const audits = await db.all(`select metric from seed_logic_models where label ilike '%file audits%'`);
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((r) => r.metric === null)).toBe(true);
  });
});
