// What each CSV in this folder holds. Every CSV needs an entry here (the framework
// refuses an undocumented seed) and is loaded as table `seed_<name>`.
import type { SeedDefinition } from '../core/SeedDefinition.ts';

const metrics = [
  'referral_flow',
  'response_times',
  'engagement',
  'risk_trajectory',
  'onward_referrals',
  'eet_trajectory',
  'family_feedback',
  'distance_travelled',
  'workforce_trained',
  'community_initiatives',
  'group_sessions',
  'exploitation_screenings',
  'missing_episodes',
  'offending',
  'criminal_justice_contacts',
  'serious_offences',
  'county_lines_known',
  'asb_incidents',
  'yos_involvement',
  'social_care_referrals',
  'cin_cp_lac_starts',
  'camhs_referrals',
  'school_inclusion',
] as const;

export const seeds: readonly SeedDefinition[] = [
  {
    name: 'bank_holidays',
    description: 'England and Wales bank holidays 2015-2030, with substitute days and the one-off holidays (2020 VE day, 2022 Jubilee and State Funeral, 2023 Coronation). Working-day clocks skip these.',
    columns: {
      holiday_on: 'The date of the bank holiday',
      name: 'Its name as GOV.UK gives it',
      substitute_day: 'True when it replaces a holiday that fell on a weekend',
    },
    tests: [{ unique: 'holiday_on' }, { not_null: ['holiday_on', 'name'] }, { expression: 'dayofweek(holiday_on) between 1 and 5', name: 'weekday' }],
  },
  {
    name: 'headlines',
    description: 'The 10 Supporting Families headline outcomes.',
    columns: { headline: 'Headline code', label: 'What the headline means', position: 'Display order' },
    tests: [{ unique: 'headline' }, { not_null: ['headline', 'label'] }],
  },
  {
    name: 'journey_stages',
    description:
      'Stage of a score on each tool: the Outcome Star Journey of Change (1-10), Teen Star stages (1-5) and GCP2 grades (1-5). A row with an edition overrides the edition-less row for readings of that edition. stage_rank orders stages from worst (1) to best, so a higher rank is always better, GCP2 included.',
    columns: {
      tool: 'Assessment tool',
      edition: 'Tool edition the row applies to; null = every edition without its own row',
      score_from: 'Lowest score in the stage (inclusive)',
      score_to: 'Highest score in the stage (inclusive)',
      stage: 'Stage or grade code',
      stage_rank: 'Order of the stage, 1 = worst; stage up means a higher rank',
    },
    types: { edition: 'VARCHAR' },
    tests: [
      { unique: ['tool', 'edition', 'score_from'] },
      { not_null: ['tool', 'score_from', 'score_to', 'stage', 'stage_rank'] },
      { expression: 'score_from <= score_to', name: 'score range' },
    ],
  },
  {
    name: 'practice_standards',
    description:
      'Practice standards (indicators.md section 3): when each clock starts, how long it runs and what meets it, by service ("all" = every service). Clocks can be changed in configuration (practiceStandards.clocks).',
    columns: {
      standard: 'Standard code',
      service: 'Service the clock applies to, or all',
      start: 'What starts the clock: referral_on, allocated_on, closed_on, first_face_to_face_contact, found_event, or previous_* for repeating standards',
      start_offset_days: 'Days after the start before the clock runs (365 for long case reviews)',
      clock_days: 'Days allowed from the start to the due date (72 hours = 3 days)',
      working_days: 'The clock counts working days (no weekends or bank holidays)',
      done: 'What meets the standard: an event type, contact_face_to_face, family_circle_reading, taf_meeting_or_plan_review or decision_on',
      repeats: 'True when every gap between occurrences is measured, not only the first',
      description: 'The standard in words',
    },
    tests: [{ unique: ['standard', 'service'] }, { not_null: ['standard', 'service', 'start', 'clock_days', 'done'] }],
  },
  {
    name: 'logic_models',
    description:
      'The three Targeted Youth Support logic models (source document 002): for each impact statement, its outcomes, determinants, service-level and system measures, and the computed metric answering each. A null metric means not measurable from case data (file audits, case studies), shown as such rather than hidden.',
    columns: {
      logic_model: 'Logic model code',
      impact_statement: 'The impact statement',
      kind: 'outcome, determinant, service_measure or system_measure',
      code: 'Item code within the logic model: O (outcome), D (determinant), S (service-level), Y (system) and its number',
      label: 'The item as the logic model words it',
      metric: 'Computed metric that answers it; null = not measurable from case data',
      position: 'Display order within the logic model',
    },
    tests: [
      { unique: ['logic_model', 'code'] },
      { not_null: ['logic_model', 'impact_statement', 'kind', 'code', 'label'] },
      { accepted_values: { column: 'kind', values: ['outcome', 'determinant', 'service_measure', 'system_measure'] } },
      { accepted_values: { column: 'metric', values: metrics } },
    ],
  },
  {
    name: 'services',
    description: 'Services, their labels and default caseload limits.',
    columns: {
      service: 'Service code',
      label: 'Service name',
      caseload_limit: 'Default caseload limit of a full-time worker',
      caseload_unit: 'What a case counts: family or young_person',
    },
    tests: [{ unique: 'service' }, { accepted_values: { column: 'caseload_unit', values: ['family', 'young_person'] } }],
  },
  {
    name: 'tool_areas',
    description: 'Distance-travelled tools, their outcome areas, scales and which direction is better.',
    columns: {
      tool: 'Assessment tool',
      area: 'Outcome area of the tool',
      scale_min: 'Lowest score',
      scale_max: 'Highest score',
      better: 'higher or lower scores are better',
    },
    tests: [{ unique: ['tool', 'area'] }, { accepted_values: { column: 'better', values: ['higher', 'lower'] } }],
  },
  {
    name: 't_critical_95',
    description:
      "Two-sided 95% critical values of Student's t distribution (the 0.975 quantile) for 1-1000 degrees of freedom, for confidence intervals of a mean; above 1000 use 1.96.",
    columns: {
      df: 'Degrees of freedom',
      t975: 'The 0.975 quantile of t with df degrees of freedom',
    },
    tests: [{ unique: 'df' }, { not_null: ['df', 't975'] }],
  },
];
