import type { Rows } from './writeExtract.ts';

/** A tiny valid extract: two families, a few people, episodes and events. Every row loads. */
export function smallExtract(): Record<string, Rows> {
  return {
    families: [
      { family_id: 'F1', locality: 'Wellington', district: 'Telford', imd_decile: 3 },
      { family_id: 'F2', locality: 'Madeley', district: '', imd_decile: '' },
    ],
    people: [
      { person_id: 'P1', family_id: 'F1', role: 'parent', birth_month: '1985-04', sex: 'female', ethnicity: 'white', send: 'no', looked_after: 'n' },
      { person_id: 'P2', family_id: 'F1', role: 'Child', birth_month: '2012-09', sex: 'male', ethnicity: 'White', send: 'Yes', looked_after: '0' },
      { person_id: 'P3', family_id: 'F2', role: 'child', birth_month: '2009-01', sex: 'female', ethnicity: 'black', send: '', looked_after: '' },
    ],
    workers: [{ worker_id: 'W1', service: 'FIT', team: 'FIT North', locality: 'Wellington', fte: 0.8, caseload_limit: '' }],
    episodes: [
      { episode_id: 'E1', family_id: 'F1', subject_person_id: '', service: 'fit', team: 'FIT North', locality: '', referral_on: '2024-01-08', referral_source: 'school', decision: 'allocated', decision_on: '2024-01-09', allocated_on: '2024-01-10', worker_id: 'W1', lead_practitioner: 'true', closed_on: '2024-09-30', closure_reason: 'outcomes_met', order_type: '' },
      { episode_id: 'E2', family_id: 'F2', subject_person_id: 'P3', service: 'YIT', team: 'YIT', locality: 'Madeley', referral_on: '2025-03-03', referral_source: 'police', decision: 'waiting_list', decision_on: '2025-03-04', allocated_on: '', worker_id: '', lead_practitioner: '', closed_on: '', closure_reason: '', order_type: '' },
    ],
    events: [
      { event_id: 'V1', event_type: 'contact', occurred_at: '2024-01-11T10:00:00', episode_id: 'E1', family_id: '', person_id: '', worker_id: 'W1', detail: 'home_visit', value: 60, source: '' },
      { event_id: 'V2', event_type: 'assessment_completed', occurred_at: '2024-02-01', episode_id: 'E1', family_id: '', person_id: '', worker_id: 'W1', detail: 'EHA', value: '', source: 'case_system' },
      { event_id: 'V3', event_type: 'offence', occurred_at: '2024-06-01 21:15', episode_id: '', family_id: '', person_id: 'P3', worker_id: '', detail: 'theft', value: '', source: 'police' },
    ],
  };
}
