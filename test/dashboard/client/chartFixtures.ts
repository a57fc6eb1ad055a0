// Small hand-made rows for each chart, shaped like the API's indicator rows.
export const trend = [
  { month: '2024-04', eligible_families: 12, successful_outcomes: 2 },
  { month: '2024-05', eligible_families: 15, successful_outcomes: 4 },
  { month: '2024-06', eligible_families: 9, successful_outcomes: 7 },
  { month: '2024-07', eligible_families: 11, successful_outcomes: 6 },
];

export const funnel = [
  { step: 'Eligible families', families: 120 },
  { step: 'All needs met', families: 64 },
  { step: 'All needs sustained', families: 31 },
  { step: 'Successful outcomes', families: 25 },
];

export const headlines = [
  { headline: 'EDU', label: 'Getting a good education', families: 40, families_all_met: 22, families_all_sustained: 10 },
  { headline: 'DA', label: 'Safe from domestic abuse', families: 18, families_all_met: 7, families_all_sustained: 3 },
  { headline: 'FIN', label: 'Improved financial stability', families: 0, families_all_met: 0, families_all_sustained: 0 },
];

export const areas = [
  { area: 'physical_health', mean_baseline: 4.2, mean_latest: 6.1, mean_improvement: 1.9, ci95_low: 1.2, ci95_high: 2.6, n_pairs: 40, n_improved: 30, n_same: 6, n_worse: 4, n_reliable: 18 },
  { area: 'your_wellbeing', mean_baseline: 3.8, mean_latest: 5.0, mean_improvement: 1.2, ci95_low: -0.1, ci95_high: 2.5, n_pairs: 38, n_improved: 22, n_same: 9, n_worse: 7, n_reliable: 9 },
  { area: 'keeping_children_safe', mean_baseline: 5.5, mean_latest: 7.2, mean_improvement: 1.7, ci95_low: 0.9, ci95_high: 2.5, n_pairs: 41, n_improved: 29, n_same: 8, n_worse: 4, n_reliable: 15 },
  { area: 'boundaries_and_behaviour', mean_baseline: 4.9, mean_latest: 5.4, mean_improvement: 0.5, ci95_low: null, ci95_high: null, n_pairs: 1, n_improved: 1, n_same: 0, n_worse: 0, n_reliable: 0 },
];

export const changes = [
  { improvement: -2, subjects: 3 },
  { improvement: -1, subjects: 5 },
  { improvement: 0, subjects: 12 },
  { improvement: 1, subjects: 20 },
  { improvement: 2, subjects: 14 },
  { improvement: 4, subjects: 2 },
];

export const stages = ['stuck', 'accepting_help', 'trying', 'finding_what_works', 'effective_parenting'];

export const transitions = [
  { baseline_stage: 'stuck', latest_stage: 'stuck', subjects: 4 },
  { baseline_stage: 'stuck', latest_stage: 'trying', subjects: 9 },
  { baseline_stage: 'accepting_help', latest_stage: 'finding_what_works', subjects: 12 },
  { baseline_stage: 'trying', latest_stage: 'accepting_help', subjects: 2 },
  { baseline_stage: 'finding_what_works', latest_stage: 'effective_parenting', subjects: 6 },
];

export const profile = [
  { area: 'physical_health', baseline_stage: 'stuck', share: 20, subjects: 8 },
  { area: 'physical_health', baseline_stage: 'trying', share: 50, subjects: 20 },
  { area: 'physical_health', baseline_stage: 'effective_parenting', share: 30, subjects: 12 },
  { area: 'your_wellbeing', baseline_stage: 'accepting_help', share: 60, subjects: 24 },
  { area: 'your_wellbeing', baseline_stage: 'finding_what_works', share: 40, subjects: 16 },
];

export const compliance = [
  { standard: 'first_contact', met: 80, late: 15, missed: 5 },
  { standard: 'assessment', met: 40, late: 30, missed: 30 },
  { standard: 'taf_meeting', met: 0, late: 0, missed: 0 },
];

export const caseloads = [
  { worker_id: 'W01', open_cases: 10, caseload_limit: 12 },
  { worker_id: 'W02', open_cases: 15, caseload_limit: 12 },
  { worker_id: 'W03', open_cases: 4, caseload_limit: null },
];

export const beforeAfter = [
  { measure: 'missing_episode', group: 'Worked with', change: -0.42, ci95_low: -0.6, ci95_high: -0.24 },
  { measure: 'missing_episode', group: 'Comparison group', change: -0.1, ci95_low: -0.3, ci95_high: 0.1 },
  { measure: 'offence', group: 'Worked with', change: -0.2, ci95_low: null, ci95_high: null },
  { measure: 'offence', group: 'Comparison group', change: 0.05, ci95_low: -0.1, ci95_high: 0.2 },
];

export const rejects = [
  { file: 'events.csv', reason: 'bad_date', rejects: 12 },
  { file: 'events.csv', reason: 'unknown_episode', rejects: 3 },
  { file: 'people.csv', reason: 'missing_value', rejects: 5 },
];

export const waiting = [{ days_waiting: 3 }, { days_waiting: 9 }, { days_waiting: 10 }, { days_waiting: 30 }];
