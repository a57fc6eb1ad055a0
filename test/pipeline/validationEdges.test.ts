// The data contract's column rules that validation.test.ts does not already take one by
// one (codes, booleans, required values and foreign keys of the other columns and files,
// repeats of composite keys with a null part), and rows exactly on a boundary that must
// load. Each bad row breaks one rule; its line is the file's last (header is line 1).
import { describe, expect, it } from 'vitest';
import { smallExtract } from '../helpers/smallExtract.ts';
import { writeExtract, type Rows } from '../helpers/writeExtract.ts';
import { load, query, rejectsOf } from './loadHelpers.ts';

type Extract = Record<string, Rows>;

function extract(): Extract {
  const x: Extract = smallExtract();
  x.family_needs = [{ need_id: 'N1', family_id: 'F1', episode_id: 'E1', headline: 'EDU', identified_on: '2024-01-20', person_id: 'P2' }];
  x.need_reviews = [{ need_id: 'N1', reviewed_on: '2024-04-01', status: 'some_progress' }];
  x.assessments = [{ assessment_id: 'A1', episode_id: 'E1', tool: 'family_star_plus', assessed_on: '2024-02-01', area: 'physical_health', score: 4 }];
  x.area_measures = [{ measure: 'county_lines_known', period: '2024-05', locality: '', value: 3 }];
  return x;
}

const ep = { episode_id: 'E9', family_id: 'F1', service: 'FIT', referral_on: '2024-02-01' };
const ev = { event_id: 'V9', event_type: 'contact', occurred_at: '2024-02-02', episode_id: 'E1' };
const as = { assessment_id: 'A9', episode_id: 'E1', tool: 'family_star_plus', assessed_on: '2024-03-01', area: 'physical_health', score: 5 };
const notCode = (col: string, v: string, list: string) => `${col} "${v}" is not a known code (expected one of ${list})`;

const cases: [string, string, Rows[number], string, string][] = [
  // [title, file, bad row, column, reason]
  ['unknown sex', 'people', { person_id: 'P9', family_id: 'F1', role: 'child', sex: 'F' }, 'sex', notCode('sex', 'F', 'female, male, other, unknown')],
  ['unknown ethnicity', 'people', { person_id: 'P9', family_id: 'F1', role: 'child', ethnicity: 'british' }, 'ethnicity', notCode('ethnicity', 'british', 'white, mixed, asian, black, other, unknown')],
  ['bad looked_after', 'people', { person_id: 'P9', family_id: 'F1', role: 'child', looked_after: 'sometimes' }, 'looked_after', 'looked_after "sometimes" is not true/false, yes/no, y/n or 1/0'],
  ['worker without team', 'workers', { worker_id: 'W9', service: 'FIT', team: '' }, 'team', 'team is required but empty'],
  ['worker of unknown service', 'workers', { worker_id: 'W9', service: 'XX', team: 'T' }, 'service', notCode('service', 'XX', 'FIT, YIT, SF, TYSS, YOS, EH')],
  ['bad caseload limit', 'workers', { worker_id: 'W9', service: 'FIT', team: 'T', caseload_limit: 'ten' }, 'caseload_limit', 'caseload_limit "ten" is not a whole number'],
  ['unknown referral source', 'episodes', { ...ep, referral_source: 'gp' }, 'referral_source', notCode('referral_source', 'gp', 'front_door, step_down, school, police, health, self, other')],
  ['unknown decision', 'episodes', { ...ep, decision: 'maybe' }, 'decision', notCode('decision', 'maybe', 'allocated, waiting_list, needs_other_service, no_service, returned_to_front_door')],
  ['unknown closure reason', 'episodes', { ...ep, closed_on: '2024-03-01', closure_reason: 'bored' }, 'closure_reason', notCode('closure_reason', 'bored', 'outcomes_met, step_down, step_up, disengaged, declined, moved_away, transferred, other')],
  ['unknown order type', 'episodes', { ...ep, service: 'YOS', order_type: 'asbo' }, 'order_type', notCode('order_type', 'asbo', 'referral_order, yro, yro_iss, dto, ycc, youth_caution, community_resolution, prevention')],
  ['bad lead_practitioner', 'episodes', { ...ep, lead_practitioner: 'perhaps' }, 'lead_practitioner', 'lead_practitioner "perhaps" is not true/false, yes/no, y/n or 1/0'],
  ['subject not in people', 'episodes', { ...ep, subject_person_id: 'P404' }, 'subject_person_id', 'subject_person_id "P404" is not in people'],
  ['event without id', 'events', { ...ev, event_id: '' }, 'event_id', 'event_id is required but empty'],
  ['event without date', 'events', { ...ev, occurred_at: '' }, 'occurred_at', 'occurred_at is required but empty'],
  ['unknown source', 'events', { ...ev, source: 'gossip' }, 'source', notCode('source', 'gossip', 'case_system, police, education, health, social_care, youth_justice')],
  ['event of unknown person', 'events', { event_id: 'V9', event_type: 'offence', occurred_at: '2024-02-02', person_id: 'P404', detail: 'theft' }, 'person_id', 'person_id "P404" is not in people'],
  ['event of unknown family', 'events', { event_id: 'V9', event_type: 'offence', occurred_at: '2024-02-02', person_id: 'P3', family_id: 'F404', detail: 'theft' }, 'family_id', 'family_id "F404" is not in families'],
  // 23:30 UTC on the extract date is 00:30 the next day in London (BST): after the extract date.
  ['zoned timestamp past the extract date in London', 'events', { ...ev, occurred_at: '2025-06-30T23:30:00Z' }, 'occurred_at', 'occurred_at 2025-06-30T23:30:00Z is after the extract date 2025-06-30'],
  ['attendance over 100', 'events', { event_id: 'V9', event_type: 'school_attendance', occurred_at: '2024-02-02', person_id: 'P3', detail: '2023-autumn', value: 100.5 }, 'value', 'value 100.5 is outside 0-100 (percent attendance) for school_attendance'],
  ['group session attended 2', 'events', { event_id: 'V9', event_type: 'group_session', occurred_at: '2024-02-02', episode_id: 'E1', detail: 'nvr', value: 2 }, 'value', 'value 2 is outside 0-1 (attended) for group_session'],
  ['unknown tool', 'assessments', { ...as, tool: 'nope' }, 'tool', notCode('tool', 'nope', 'family_star_plus, my_star, teen_star, youth_star, gcp2, family_circle')],
  ['unknown completed_by', 'assessments', { ...as, completed_by: 'robot' }, 'completed_by', notCode('completed_by', 'robot', 'worker_and_family, worker, family')],
  ['bad retrospective', 'assessments', { ...as, retrospective: 'sometimes' }, 'retrospective', 'retrospective "sometimes" is not true/false, yes/no, y/n or 1/0'],
  ['unknown progress', 'assessments', { ...as, tool: 'family_circle', area: 'parenting', progress: 'lots' }, 'progress', notCode('progress', 'lots', 'no_progress, some_progress, significant, significant_and_sustained, partial_significant_and_sustained')],
  ['assessment without score', 'assessments', { ...as, score: '' }, 'score', 'score is required but empty'],
  ['Teen Star half point over its top', 'assessments', { ...as, tool: 'teen_star', area: 'wellbeing', score: 5.5 }, 'score', 'score 5.5 is outside 1-5 for teen_star'],
  ['need of unknown family', 'family_needs', { need_id: 'N9', family_id: 'F404', headline: 'EDU', identified_on: '2024-01-20' }, 'family_id', 'family_id "F404" is not in families'],
  ['need of unknown person', 'family_needs', { need_id: 'N9', family_id: 'F1', person_id: 'P404', headline: 'EDU', identified_on: '2024-01-20' }, 'person_id', 'person_id "P404" is not in people'],
  ['need without date', 'family_needs', { need_id: 'N9', family_id: 'F1', headline: 'EDU', identified_on: '' }, 'identified_on', 'identified_on is required but empty'],
  ['repeated review', 'need_reviews', { need_id: 'N1', reviewed_on: '2024-04-01', status: 'met' }, 'need_id', 'need_id, reviewed_on "N1, 2024-04-01" repeats line 2; the first row is kept'],
  // The key (measure, period, locality) with locality null (authority-wide) still repeats.
  ['repeated authority-wide measure', 'area_measures', { measure: 'county_lines_known', period: '2024-05', locality: '', value: 4 }, 'measure', 'measure, period, locality "county_lines_known, 2024-05-01" repeats line 2; the first row is kept'],
  ['measure without value', 'area_measures', { measure: 'county_lines_known', period: '2024-06', value: '' }, 'value', 'value is required but empty'],
  ['measure month after the extract date', 'area_measures', { measure: 'county_lines_known', period: '2025-07', value: 1 }, 'period', 'period 2025-07 is after the extract date 2025-06-30'],
];

describe('the other column rules of the data contract', () => {
  it.each(cases)('%s', async (_title, file, row, column, reason) => {
    const x = extract();
    x[file].push(row);
    const summary = await load(writeExtract(x));
    expect(await rejectsOf(summary.db)).toEqual([expect.objectContaining({ file: `${file}.csv`, line: x[file].length + 1, column, reason })]);
    const f = summary.files.find((r) => r.file === `${file}.csv`)!;
    expect([f.rowsRead, f.rowsLoaded, f.rowsRejected]).toEqual([x[file].length, x[file].length - 1, 1]);
  });
});

describe('rows on a boundary load', () => {
  it('keeps every row that is valid at the edge of a rule', async () => {
    const x = extract();
    x.episodes.push(
      // allocated and closed on the referral day: "allocated_on >= referral_on", "closed_on >= referral_on".
      { ...ep, allocated_on: '2024-02-01', closed_on: '2024-02-01', closure_reason: ' Other ', decision: 'ALLOCATED', referral_source: 'Front_Door' },
      // referred on the extract date itself.
      { ...ep, episode_id: 'E10', referral_on: '2025-06-30', service: 'yos', order_type: 'YRO_ISS', lead_practitioner: 'Y' },
    );
    x.events.push(
      { ...ev, event_id: 'V10', occurred_at: '2000-01-01T00:00:00' }, // first moment allowed
      { ...ev, event_id: 'V11', occurred_at: '2025-06-30T23:59:59' }, // last moment of the extract date
      { ...ev, event_id: 'V12', occurred_at: '2025-06-30T22:30:00Z' }, // 23:30 in London (BST)
      { event_id: 'V13', event_type: 'school_attendance', occurred_at: '2024-02-02', person_id: 'P3', detail: '2023-autumn', value: 100 },
      { event_id: 'V14', event_type: 'school_attendance', occurred_at: '2024-02-02', person_id: 'P3', detail: '2023-summer', value: 0 },
      { event_id: 'V15', event_type: 'Missing_Episode', occurred_at: '2024-02-02', person_id: 'P3', detail: ' FROM_HOME ', value: 4, source: 'POLICE' },
      { event_id: 'V16', event_type: 'family_feedback', occurred_at: '2024-02-02', episode_id: 'E1', detail: 'at_closure', value: 5 },
    );
    x.people.push({ person_id: 'P9', family_id: 'F1', role: 'CHILD', send: 'TRUE', looked_after: 'No', sex: 'Female', ethnicity: ' mixed ' });
    x.assessments.push(
      { ...as, assessment_id: 'A10', tool: 'Teen_Star', area: 'Wellbeing', score: 5 },
      { ...as, assessment_id: 'A11', score: 1, retrospective: 'Yes', completed_by: 'Worker' },
      { ...as, assessment_id: 'A12', tool: 'gcp2', area: 'physical_care', score: 5 },
    );
    x.area_measures.push(
      { measure: 'county_lines_known', period: '2025-06', locality: '', value: 1 }, // the extract's own month
      { measure: 'county_lines_known', period: '2024-05', locality: 'Madeley', value: 2 }, // same month, another locality
    );
    x.workers.push({ worker_id: 'W9', service: 'yit', team: 'T', fte: 0, caseload_limit: 0 });
    const summary = await load(writeExtract(x));
    expect(await rejectsOf(summary.db)).toEqual([]);
    expect(summary.files.every((f) => f.rowsRejected === 0 && f.rowsLoaded === f.rowsRead)).toBe(true);
    expect(await query(summary.db, `SELECT closure_reason, decision, referral_source FROM episodes WHERE episode_id = 'E9'`)).toEqual([
      { closure_reason: 'other', decision: 'allocated', referral_source: 'front_door' },
    ]);
    expect(await query(summary.db, `SELECT event_type, detail, source FROM events WHERE event_id = 'V15'`)).toEqual([
      { event_type: 'missing_episode', detail: 'from_home', source: 'police' },
    ]);
  });
});
