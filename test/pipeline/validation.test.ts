// Every reject class of the data contract ("Validation and rejects"), each on a small
// extract where the bad row, its line and the expected reason are known.
import { describe, expect, it } from 'vitest';
import { smallExtract } from '../helpers/smallExtract.ts';
import { writeExtract, type Rows } from '../helpers/writeExtract.ts';
import { load, query, rejectsOf, rulesOf } from './loadHelpers.ts';

type Extract = Record<string, Rows>;

/** Adds one bad row to a valid extract and returns the rejects. The bad row's line is the file's last. */
async function rejectOf(file: string, row: Rows[number], edit?: (x: Extract) => void) {
  const x: Extract = smallExtract();
  x.family_needs ??= [{ need_id: 'N1', family_id: 'F1', episode_id: 'E1', headline: 'EDU', need_code: 'attendance_below_90', identified_on: '2024-01-20', person_id: 'P2' }];
  x.need_reviews ??= [{ need_id: 'N1', reviewed_on: '2024-04-01', status: 'some_progress', evidence: 'school_attendance_data' }];
  x.assessments ??= [
    { assessment_id: 'A1', episode_id: 'E1', person_id: '', tool: 'family_star_plus', edition: '1', assessed_on: '2024-02-01', completed_by: 'worker_and_family', retrospective: '', area: 'physical_health', score: 4, progress: '' },
  ];
  x.area_measures ??= [{ measure: 'county_lines_known', period: '2024-05', locality: '', value: 3 }];
  edit?.(x);
  x[file].push(row);
  const summary = await load(writeExtract(x));
  const rejects = await rejectsOf(summary.db);
  const rules = await rulesOf(summary.db);
  return { summary, rejects, rules, line: x[file].length + 1 };
}

const ep = { episode_id: 'E9', family_id: 'F1', service: 'FIT', referral_on: '2024-02-01' };
const ev = { event_id: 'V9', event_type: 'contact', occurred_at: '2024-02-02', episode_id: 'E1' };
const as = { assessment_id: 'A9', episode_id: 'E1', tool: 'family_star_plus', assessed_on: '2024-03-01', area: 'physical_health', score: 5 };

const cases: [string, string, Rows[number], string, string, string][] = [
  // [title, file, bad row, column, reason, rule (the reason without the row's values)]
  ['missing required value', 'families', { family_id: 'F9', locality: '' }, 'locality', 'locality is required but empty', 'locality is required but empty'],
  ['bad integer', 'families', { family_id: 'F9', locality: 'X', imd_decile: 'three' }, 'imd_decile', 'imd_decile "three" is not a whole number', 'imd_decile is not a whole number'],
  ['integer out of range', 'families', { family_id: 'F9', locality: 'X', imd_decile: 11 }, 'imd_decile', 'imd_decile 11 is outside 1-10', 'imd_decile is outside 1-10'],
  ['bad month', 'people', { person_id: 'P9', family_id: 'F1', role: 'child', birth_month: '2012-13' }, 'birth_month', 'birth_month "2012-13" is not a month (use YYYY-MM)', 'birth_month is not a month (use YYYY-MM)'],
  ['bad boolean', 'people', { person_id: 'P9', family_id: 'F1', role: 'child', send: 'maybe' }, 'send', 'send "maybe" is not true/false, yes/no, y/n or 1/0', 'send is not true/false, yes/no, y/n or 1/0'],
  ['unknown code', 'people', { person_id: 'P9', family_id: 'F1', role: 'cousin' }, 'role', 'role "cousin" is not a known code (expected one of child, parent, carer, other_adult, unborn)', 'role is not a known code (expected one of child, parent, carer, other_adult, unborn)'],
  // Extract date 2025-06-30: a born child's birth month may not be after it (2025-06 is the last allowed).
  ['child born after the extract date', 'people', { person_id: 'P9', family_id: 'F1', role: 'child', birth_month: '2025-07' }, 'birth_month', 'birth_month 2025-07 is after the extract date 2025-06-30', 'birth_month is after the extract date 2025-06-30'],
  // An unborn child's is the expected month, at most 9 months (a pregnancy) after the extract's month:
  // 2025-06 + 9 = 2026-03, so 2026-04 is one month too far.
  ['unborn child expected more than 9 months ahead', 'people', { person_id: 'P9', family_id: 'F1', role: 'unborn', birth_month: '2026-04' }, 'birth_month', 'birth_month 2026-04 is after 2026-03, the latest expected birth month for an unborn child (9 months after the extract date 2025-06-30)', 'birth_month is after 2026-03, the latest expected birth month for an unborn child (9 months after the extract date 2025-06-30)'],
  ['person of unknown family', 'people', { person_id: 'P9', family_id: 'F404', role: 'child' }, 'family_id', 'family_id "F404" is not in families', 'family_id is not in families'],
  ['bad decimal', 'workers', { worker_id: 'W9', service: 'YIT', team: 'T', fte: 'full' }, 'fte', 'fte "full" is not a number', 'fte is not a number'],
  ['decimal out of range', 'workers', { worker_id: 'W9', service: 'YIT', team: 'T', fte: 1.5 }, 'fte', 'fte 1.5 is outside 0-1', 'fte is outside 0-1'],
  ['bad date', 'episodes', { ...ep, referral_on: '01/02/2024' }, 'referral_on', 'referral_on "01/02/2024" is not a date (use YYYY-MM-DD)', 'referral_on is not a date (use YYYY-MM-DD)'],
  ['impossible date', 'episodes', { ...ep, referral_on: '2024-02-30' }, 'referral_on', 'referral_on "2024-02-30" is not a date (use YYYY-MM-DD)', 'referral_on is not a date (use YYYY-MM-DD)'],
  ['allocated before referral', 'episodes', { ...ep, allocated_on: '2024-01-31' }, 'allocated_on', 'allocated_on 2024-01-31 is before referral_on 2024-02-01', 'allocated_on is before referral_on'],
  ['closed before referral', 'episodes', { ...ep, closed_on: '2024-01-15', closure_reason: 'other' }, 'closed_on', 'closed_on 2024-01-15 is before referral_on 2024-02-01', 'closed_on is before referral_on'],
  ['closed without reason', 'episodes', { ...ep, closed_on: '2024-03-15' }, 'closure_reason', 'closure_reason is required when closed_on is set', 'closure_reason is required when closed_on is set'],
  ['date after the extract date', 'episodes', { ...ep, referral_on: '2025-07-01' }, 'referral_on', 'referral_on 2025-07-01 is after the extract date 2025-06-30', 'referral_on is after the extract date 2025-06-30'],
  ['episode of unknown family', 'episodes', { ...ep, family_id: 'F404' }, 'family_id', 'family_id "F404" is not in families', 'family_id is not in families'],
  ['unknown service', 'episodes', { ...ep, service: 'XYZ' }, 'service', 'service "XYZ" is not a known code (expected one of FIT, YIT, SF, TYSS, YOS, EH)', 'service is not a known code (expected one of FIT, YIT, SF, TYSS, YOS, EH)'],
  ['event before 2000', 'events', { ...ev, occurred_at: '1999-12-31' }, 'occurred_at', 'occurred_at 1999-12-31 is before 2000-01-01', 'occurred_at is before 2000-01-01'],
  ['event after the extract date', 'events', { ...ev, occurred_at: '2025-07-01T09:00:00' }, 'occurred_at', 'occurred_at 2025-07-01T09:00:00 is after the extract date 2025-06-30', 'occurred_at is after the extract date 2025-06-30'],
  ['bad timestamp', 'events', { ...ev, occurred_at: '2024-02-02 25:00' }, 'occurred_at', 'occurred_at "2024-02-02 25:00" is not a date or timestamp (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)', 'occurred_at is not a date or timestamp (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)'],
  ['event of unknown episode', 'events', { ...ev, episode_id: 'E404' }, 'episode_id', 'episode_id "E404" is not in episodes', 'episode_id is not in episodes'],
  ['practice event without episode', 'events', { ...ev, episode_id: '' }, 'episode_id', 'episode_id is required for contact events (practice events belong to an episode)', 'episode_id is required for contact events (practice events belong to an episode)'],
  ['partner event without person', 'events', { event_id: 'V9', event_type: 'offence', occurred_at: '2024-02-02', detail: 'theft' }, 'person_id', 'person_id is required for offence events (partner events are about a person)', 'person_id is required for offence events (partner events are about a person)'],
  ['unknown event type', 'events', { ...ev, event_type: 'teleport' }, 'event_type', 'event_type "teleport" is not a known code (expected one of contact_attempt, contact, assessment_completed, plan_agreed, taf_meeting, plan_review, case_supervision, management_oversight, waiting_list_review, closure_summary, family_feedback, group_session, ... (31 codes))', 'event_type is not a known code (expected one of contact_attempt, contact, assessment_completed, plan_agreed, taf_meeting, plan_review, case_supervision, management_oversight, waiting_list_review, closure_summary, family_feedback, group_session, ... (31 codes))'],
  ['detail not in the event type\'s list', 'events', { ...ev, detail: 'carrier_pigeon' }, 'detail', 'detail "carrier_pigeon" is not a known code for contact (expected one of face_to_face, home_visit, school_visit, phone, video, text)', 'detail is not a known code for contact (expected one of face_to_face, home_visit, school_visit, phone, video, text)'],
  ['value out of range for the event type', 'events', { ...ev, event_type: 'family_feedback', detail: 'at_closure', value: 7 }, 'value', 'value 7 is outside 1-5 (rating) for family_feedback', 'value is outside 1-5 (rating) for family_feedback'],
  ['duplicate key', 'events', { ...ev, event_id: 'V2' }, 'event_id', 'event_id "V2" repeats line 3; the first row is kept', 'event_id repeats an earlier row; the first row is kept'],
  ['score outside the scale', 'assessments', { ...as, score: 11 }, 'score', 'score 11 is outside 1-10 for family_star_plus', 'score is outside 1-10 for family_star_plus'],
  ['GCP2 score outside its scale', 'assessments', { ...as, tool: 'gcp2', area: 'physical_care', score: 6 }, 'score', 'score 6 is outside 1-5 for gcp2', 'score is outside 1-5 for gcp2'],
  ['area not of the tool', 'assessments', { ...as, tool: 'gcp2', area: 'friends', score: 2 }, 'area', 'area friends is not an area of gcp2', 'area is not an area of gcp2'],
  ['assessment of unknown episode', 'assessments', { ...as, episode_id: 'E404' }, 'episode_id', 'episode_id "E404" is not in episodes', 'episode_id is not in episodes'],
  ['duplicate composite key', 'assessments', { ...as, assessment_id: 'A1', score: 6 }, 'assessment_id', 'assessment_id, area "A1, physical_health" repeats line 2; the first row is kept', 'assessment_id, area repeats an earlier row; the first row is kept'],
  ['unknown headline', 'family_needs', { need_id: 'N9', family_id: 'F1', headline: 'FUN', identified_on: '2024-01-20' }, 'headline', 'headline "FUN" is not a known code (expected one of EDU, EY, HEALTH, SUBST, REL, CSAE, CRIME, DA, HOUSE, FIN)', 'headline is not a known code (expected one of EDU, EY, HEALTH, SUBST, REL, CSAE, CRIME, DA, HOUSE, FIN)'],
  ['review of unknown need', 'need_reviews', { need_id: 'N404', reviewed_on: '2024-04-01', status: 'met' }, 'need_id', 'need_id "N404" is not in family_needs', 'need_id is not in family_needs'],
  ['unknown review status', 'need_reviews', { need_id: 'N1', reviewed_on: '2024-05-01', status: 'done' }, 'status', 'status "done" is not a known code (expected one of no_progress, some_progress, met, sustained, worse, withdrawn)', 'status is not a known code (expected one of no_progress, some_progress, met, sustained, worse, withdrawn)'],
  ['bad period', 'area_measures', { measure: 'risk_screenings', period: '2024-5', value: 2 }, 'period', 'period "2024-5" is not a month (use YYYY-MM)', 'period is not a month (use YYYY-MM)'],
];

describe('each reject class is rejected with its file, line, column, value, reason and rule', () => {
  it.each(cases)('%s', async (_title, file, row, column, reason, rule) => {
    const { rejects, rules, line, summary } = await rejectOf(file, row);
    expect(rejects).toEqual([expect.objectContaining({ file: `${file}.csv`, line, column, reason })]);
    // The rule names no value of the row, so the data quality page can group and show it.
    expect(rules).toEqual([{ file: `${file}.csv`, line, column, rule }]);
    // Only that row is lost.
    const f = summary.files.find((x) => x.file === `${file}.csv`)!;
    expect(f.rowsRejected).toBe(1);
    expect(f.rowsLoaded).toBe(f.rowsRead - 1);
  });
});

describe('canonical codes and derived values', () => {
  it('stores codes in their canonical spelling whatever the case or spacing', async () => {
    const x = smallExtract();
    x.episodes[0].service = ' fIt ';
    const { db } = await load(writeExtract(x));
    const rows = await query(db, `SELECT service FROM episodes WHERE episode_id = 'E1'`);
    expect(rows).toEqual([{ service: 'FIT' }]);
    const people = await query(db, `SELECT role, ethnicity, send FROM people WHERE person_id = 'P2'`);
    expect(people).toEqual([{ role: 'child', ethnicity: 'white', send: true }]);
  });

  it('derives an event family from its episode or its person when missing', async () => {
    const { db } = await load(writeExtract(smallExtract()));
    const rows = await query(db, `SELECT event_id, family_id FROM events ORDER BY event_id`);
    expect(rows).toEqual([
      { event_id: 'V1', family_id: 'F1' }, // from episode E1
      { event_id: 'V2', family_id: 'F1' },
      { event_id: 'V3', family_id: 'F2' }, // from person P3
    ]);
  });

  it('stores timestamps as Europe/London local time, converting those given with a zone', async () => {
    const x = smallExtract();
    x.events.push({ event_id: 'V4', event_type: 'contact', occurred_at: '2024-06-01T20:15:00Z', episode_id: 'E1' });
    x.events.push({ event_id: 'V5', event_type: 'contact', occurred_at: '2024-01-11T10:00:00+01:00', episode_id: 'E1' });
    const { db } = await load(writeExtract(x));
    const rows = await query<{ event_id: string; local: string }>(
      db,
      `SELECT event_id, strftime(occurred_at, '%Y-%m-%d %H:%M') AS local FROM events ORDER BY event_id`,
    );
    expect(rows).toEqual([
      { event_id: 'V1', local: '2024-01-11 10:00' }, // no zone: already local
      { event_id: 'V2', local: '2024-02-01 00:00' }, // a date alone is midnight
      { event_id: 'V3', local: '2024-06-01 21:15' },
      { event_id: 'V4', local: '2024-06-01 21:15' }, // 20:15 UTC is 21:15 BST (UTC+1)
      { event_id: 'V5', local: '2024-01-11 09:00' }, // 10:00 at UTC+1 is 09:00 GMT
    ]);
  });

  it('keeps identifiers exactly, trims descriptive text and reads padded codes, numbers and dates', async () => {
    const x = smallExtract();
    x.families[0] = { family_id: 'F1', locality: ' Wellington ', district: 'Telford ', imd_decile: ' 3 ' };
    x.episodes[0].referral_on = ' 2024-01-08';
    const { db, rowsRejected } = await load(writeExtract(x));
    expect(rowsRejected).toBe(0);
    expect(await query(db, `SELECT locality, district, imd_decile FROM families WHERE family_id = 'F1'`)).toEqual([
      { locality: 'Wellington', district: 'Telford', imd_decile: 3 },
    ]);
    expect(await query(db, `SELECT referral_on FROM episodes WHERE episode_id = 'E1'`)).toEqual([{ referral_on: '2024-01-08' }]);
  });

  it('maps a council\'s own spellings through mappings.csv', async () => {
    const x: Record<string, Rows | string> = smallExtract();
    (x.episodes as Rows)[0].service = 'Family Intervention Team';
    (x.episodes as Rows)[0].closure_reason = 'Case closed - goals achieved';
    x['mappings.csv'] = 'file,column,local_value,code\nepisodes,service,Family Intervention Team,FIT\nepisodes,closure_reason,Case closed - goals achieved,outcomes_met\n';
    const { db, rowsRejected } = await load(writeExtract(x));
    expect(rowsRejected).toBe(0);
    expect(await query(db, `SELECT service, closure_reason FROM episodes WHERE episode_id = 'E1'`)).toEqual([
      { service: 'FIT', closure_reason: 'outcomes_met' },
    ]);
  });

  it("maps a council's own spellings of an event's detail, for the event types whose list has the code", async () => {
    // The contract closes the detail list of contact, missing_episode, ... ; a council's own
    // spellings of those codes map through mappings.csv like any other code list. The file
    // names no event type, so a mapping applies wherever its code is in the type's list:
    // 'Home Visit' -> home_visit is a contact channel (kept, V1), and 'Visit' -> visit is a
    // contact_attempt channel (kept, V10) but not a contact channel (V11 rejected, line 6).
    const x: Record<string, Rows | string> = smallExtract();
    (x.events as Rows)[0].detail = 'Home Visit';
    (x.events as Rows).push(
      { event_id: 'V10', event_type: 'contact_attempt', occurred_at: '2024-01-10', episode_id: 'E1', detail: 'visit' },
      { event_id: 'V11', event_type: 'contact', occurred_at: '2024-01-12', episode_id: 'E1', detail: 'Visit' },
    );
    x['mappings.csv'] = 'file,column,local_value,code\nevents,detail,Home Visit,home_visit\nevents,detail,Visit,visit\n';
    const { db } = await load(writeExtract(x));
    expect(await query(db, `SELECT event_id, detail FROM events WHERE event_id IN ('V1', 'V10') ORDER BY event_id`)).toEqual([
      { event_id: 'V1', detail: 'home_visit' },
      { event_id: 'V10', detail: 'visit' },
    ]);
    expect(await rejectsOf(db)).toEqual([
      expect.objectContaining({ file: 'events.csv', line: 6, column: 'detail', reason: expect.stringMatching(/^detail "Visit" is not a known code for contact/) }),
    ]);
  });

  it('refuses a mapping of an event detail to a code no event type has', async () => {
    const x: Record<string, Rows | string> = smallExtract();
    x['mappings.csv'] = 'file,column,local_value,code\nevents,detail,Pigeon,carrier_pigeon\n';
    await expect(load(writeExtract(x))).rejects.toThrow(/mappings\.csv: line 2: "carrier_pigeon" is not a code of events\.detail/);
  });

  it('says when a child row is rejected because its parent row was', async () => {
    const x = smallExtract();
    x.families.push({ family_id: 'F3', locality: '' }); // line 4, rejected
    x.people.push({ person_id: 'P9', family_id: 'F3', role: 'child' }); // line 5
    const { db } = await load(writeExtract(x));
    const rejects = await rejectsOf(db);
    expect(rejects[1]).toEqual({
      file: 'people.csv',
      line: 5,
      column: 'family_id',
      value: 'F3',
      reason: 'family_id "F3" is not in families (that row was rejected: see families.csv line 4)',
    });
    expect((await rulesOf(db))[1]).toEqual({ file: 'people.csv', line: 5, column: 'family_id', rule: 'family_id is not in families (its row there was rejected)' });
  });

  it("says a repeat's first row was rejected, not kept, when it was", async () => {
    // "the first row is kept, each repeat is rejected": when the first row fails a check of
    // its own it is not kept, and its repeats are still rejected (nothing of that key loads).
    const x = smallExtract();
    x.families.push(
      { family_id: 'F9', locality: 'X', imd_decile: 11 }, // line 4: rejected, imd_decile out of range
      { family_id: 'F9', locality: 'X', imd_decile: 2 }, // line 5: repeats line 4 (rejected)
    );
    x.people.push(
      { person_id: 'P9', family_id: 'F404', role: 'child' }, // line 5: rejected, no such family
      { person_id: 'P9', family_id: 'F1', role: 'child' }, // line 6: repeats line 5 (rejected)
      { person_id: 'P9', family_id: 'F2', role: 'child' }, // line 7: repeats line 5 (rejected)
      { person_id: 'P1', family_id: 'F1', role: 'parent' }, // line 8: repeats line 2, which is kept
    );
    const { db } = await load(writeExtract(x));
    const repeatOfRejected = (key: string, v: string, line: number) => `${key} "${v}" repeats line ${line}, which was rejected; repeats are rejected too`;
    expect((await rejectsOf(db)).map((r) => [r.file, r.line, r.column, r.reason])).toEqual([
      ['families.csv', 4, 'imd_decile', 'imd_decile 11 is outside 1-10'],
      ['families.csv', 5, 'family_id', repeatOfRejected('family_id', 'F9', 4)],
      ['people.csv', 5, 'family_id', 'family_id "F404" is not in families'],
      ['people.csv', 6, 'person_id', repeatOfRejected('person_id', 'P9', 5)],
      ['people.csv', 7, 'person_id', repeatOfRejected('person_id', 'P9', 5)],
      ['people.csv', 8, 'person_id', 'person_id "P1" repeats line 2; the first row is kept'],
    ]);
    // One rule per kind, value-free; both kinds read as duplicates on the data quality page.
    expect([...new Set((await rulesOf(db)).filter((r) => r.column.endsWith('_id') && r.rule.includes('repeats')).map((r) => r.rule))]).toEqual([
      'family_id repeats an earlier row, which was rejected; repeats are rejected too',
      'person_id repeats an earlier row, which was rejected; repeats are rejected too',
      'person_id repeats an earlier row; the first row is kept',
    ]);
    expect(await query(db, `SELECT count(*)::INTEGER AS n FROM families WHERE family_id = 'F9'`)).toEqual([{ n: 0 }]);
    expect(await query(db, `SELECT count(*)::INTEGER AS n FROM people WHERE person_id = 'P9'`)).toEqual([{ n: 0 }]);
  });

  it('loads an unborn child expected up to 9 months after the extract month, with the needs and events about it', async () => {
    // Pre-birth work: the expected birth month is in the future. Extract date 2025-06-30, so
    // the latest expected month is 2025-06 + 9 = 2026-03; P8 is due then, P9 in September.
    const x = smallExtract();
    x.people.push(
      { person_id: 'P8', family_id: 'F1', role: 'Unborn', birth_month: '2026-03' }, // line 5: loads (role in any case)
      { person_id: 'P9', family_id: 'F2', role: 'unborn', birth_month: '2025-09' }, // line 6: loads
    );
    x.family_needs = [{ need_id: 'N1', family_id: 'F1', episode_id: 'E1', headline: 'EY', identified_on: '2024-06-01', person_id: 'P8' }];
    x.events.push({ event_id: 'V4', event_type: 'social_care_referral', occurred_at: '2025-05-01', person_id: 'P9' });
    const summary = await load(writeExtract(x));
    expect(await rejectsOf(summary.db)).toEqual([]);
    expect(await query(summary.db, `SELECT person_id, role, strftime(birth_month, '%Y-%m') AS m FROM people WHERE role = 'unborn' ORDER BY 1`)).toEqual([
      { person_id: 'P8', role: 'unborn', m: '2026-03' },
      { person_id: 'P9', role: 'unborn', m: '2025-09' },
    ]);
    expect(await query(summary.db, `SELECT need_id FROM family_needs`)).toEqual([{ need_id: 'N1' }]);
    expect(await query(summary.db, `SELECT event_id, family_id FROM events WHERE event_id = 'V4'`)).toEqual([{ event_id: 'V4', family_id: 'F2' }]);

    // The limit counts from the extract's month, not its day: extracted on 1 June, 2026-03 still loads.
    const early = await load(writeExtract(x, { extracted_on: '2025-06-01', authority: 'Test' }));
    expect(early.rowsRejected).toBe(0);
  });

  it('uses the latest date in the extract as "today" when there is no manifest', async () => {
    const dir = writeExtract(smallExtract(), null);
    const summary = await load(dir);
    expect(summary.extractedOn).toBe('2025-03-04'); // E2's decision_on is the latest date
    expect(await query(summary.db, 'SELECT extracted_on FROM extract_manifest')).toEqual([{ extracted_on: '2025-03-04' }]);
  });

  it('keeps unknown extra columns in a warning, not an error', async () => {
    const x = smallExtract();
    x.families[0].favourite_colour = 'blue';
    const summary = await load(writeExtract(x));
    expect(summary.rowsRejected).toBe(0);
    expect(summary.warnings).toContain('families.csv: unknown columns favourite_colour were not loaded');
  });
});
