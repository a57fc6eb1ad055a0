// Code lists of the data contract. Matching is case-insensitive after trimming; the
// spelling here is the canonical one stored.
import { readFileSync } from 'node:fs';

function readCsvSeed(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(`../../models/seeds/${name}`, import.meta.url), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

export interface ToolArea {
  tool: string;
  area: string;
  scale_min: number;
  scale_max: number;
  better: 'higher' | 'lower';
}

/** Tools, their areas and scales: the seed `models/seeds/tool_areas.csv`. */
export const toolAreas: readonly ToolArea[] = readCsvSeed('tool_areas.csv').map((r) => ({
  tool: r.tool,
  area: r.area,
  scale_min: Number(r.scale_min),
  scale_max: Number(r.scale_max),
  better: r.better as 'higher' | 'lower',
}));

export const services: readonly { service: string; label: string; caseload_limit: number }[] = readCsvSeed(
  'services.csv',
).map((r) => ({ service: r.service, label: r.label, caseload_limit: Number(r.caseload_limit) }));

const unique = (xs: string[]) => [...new Set(xs)];

export const practiceEventTypes = [
  'contact_attempt',
  'contact',
  'assessment_completed',
  'plan_agreed',
  'taf_meeting',
  'plan_review',
  'case_supervision',
  'management_oversight',
  'waiting_list_review',
  'closure_summary',
  'family_feedback',
  'group_session',
] as const;

export const partnerEventTypes = [
  'missing_episode',
  'found',
  'return_home_interview',
  'offence',
  'out_of_court_disposal',
  'court_outcome',
  'custody',
  'asb_incident',
  'arrest',
  'school_attendance',
  'exclusion',
  'eet_status',
  'exploitation_screening',
  'social_care_referral',
  'child_in_need_start',
  'child_protection_start',
  'looked_after_start',
  'camhs_referral',
  'domestic_abuse_incident',
] as const;

export const codes = {
  role: ['child', 'parent', 'carer', 'other_adult', 'unborn'],
  sex: ['female', 'male', 'other', 'unknown'],
  ethnicity: ['white', 'mixed', 'asian', 'black', 'other', 'unknown'],
  service: services.map((s) => s.service),
  referral_source: ['front_door', 'step_down', 'school', 'police', 'health', 'self', 'other'],
  decision: ['allocated', 'waiting_list', 'needs_other_service', 'no_service', 'returned_to_front_door'],
  closure_reason: ['outcomes_met', 'step_down', 'step_up', 'disengaged', 'declined', 'moved_away', 'transferred', 'other'],
  order_type: ['referral_order', 'yro', 'yro_iss', 'dto', 'ycc', 'youth_caution', 'community_resolution', 'prevention'],
  event_type: [...practiceEventTypes, ...partnerEventTypes],
  source: ['case_system', 'police', 'education', 'health', 'social_care', 'youth_justice'],
  tool: unique(toolAreas.map((t) => t.tool)),
  area: unique(toolAreas.map((t) => t.area)),
  completed_by: ['worker_and_family', 'worker', 'family'],
  progress: ['no_progress', 'some_progress', 'significant', 'significant_and_sustained', 'partial_significant_and_sustained'],
  headline: ['EDU', 'EY', 'HEALTH', 'SUBST', 'REL', 'CSAE', 'CRIME', 'DA', 'HOUSE', 'FIN'],
  review_status: ['no_progress', 'some_progress', 'met', 'sustained', 'worse', 'withdrawn'],
} as const satisfies Record<string, readonly string[]>;

/**
 * `detail` codes for the event types whose list the contract closes. Types whose list is
 * open ("e.g." in the contract: offence groups, programme codes) are not checked.
 */
export const eventDetailCodes: Partial<Record<string, readonly string[]>> = {
  contact_attempt: ['phone', 'text', 'letter', 'visit'],
  contact: ['face_to_face', 'home_visit', 'school_visit', 'phone', 'video', 'text'],
  assessment_completed: ['eha', 'asset_plus', 'family_solutions', 'social_work'],
  family_feedback: ['at_closure', '3_months_after', '6_months_after'],
  missing_episode: ['from_home', 'from_care'],
  return_home_interview: ['completed', 'declined'],
  out_of_court_disposal: ['community_resolution', 'youth_caution', 'ycc'],
  court_outcome: ['referral_order', 'yro', 'dto', 'discharge', 'fine'],
  custody: ['remand', 'sentence'],
  asb_incident: ['level_1', 'level_2', 'level_3', 'abc', 'cbo'],
  exclusion: ['suspension', 'permanent'],
  eet_status: ['eet', 'neet', 'unknown'],
  exploitation_screening: ['low', 'medium', 'high'],
  domestic_abuse_incident: ['standard', 'medium', 'high'],
};

/** Ranges for `value` where the contract gives one. */
export const eventValueRanges: Partial<Record<string, { min: number; max: number; what: string }>> = {
  family_feedback: { min: 1, max: 5, what: 'rating' },
  group_session: { min: 0, max: 1, what: 'attended' },
  school_attendance: { min: 0, max: 100, what: 'percent attendance' },
};
