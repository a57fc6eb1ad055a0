import { sql } from 'kysely';
import { defineModel } from '../core/defineModel.ts';

/** What can start a standard's clock (seed practice_standards.start); the models handle exactly these. */
export const standardStarts = [
  'referral_on',
  'allocated_on',
  'closed_on',
  'first_face_to_face_contact',
  'previous_review',
  'previous_family_circle',
  'previous_waiting_list_review',
  'found_event',
] as const;

/** What meets a standard (seed practice_standards.done): an event type or one of the derived codes. */
export const standardDones = [
  'decision_on',
  'contact',
  'contact_face_to_face',
  'management_oversight',
  'assessment_completed',
  'taf_meeting',
  'taf_meeting_or_plan_review',
  'family_circle_reading',
  'case_supervision',
  'waiting_list_review',
  'return_home_interview',
  'closure_summary',
] as const;

// The clock lengths are configuration (indicators.md section 3: "Defaults by service, all
// (config)"): they come from config.practiceStandards.clocks, which starts from the seed,
// so a council's override reaches every standard. What starts and what meets a standard
// is not configurable and comes from the seed itself.
export default defineModel({
  name: 'int_practice_standard_clocks',
  layer: 'intermediate',
  grain: 'one row per standard and service ("all" = every service without its own row)',
  materialized: 'view',
  description:
    'The practice standards in force: the configured clock (days, working or calendar) of each standard by service, with what starts it and what meets it from the seed practice_standards.',
  columns: {
    standard: 'Standard code',
    service: 'Service the clock applies to, or all',
    start: 'What starts the clock (seed practice_standards.start)',
    start_offset_days: 'Days after the start before the clock runs (365 for the long case review)',
    clock_days: 'Days allowed from the start to the due date (configured)',
    working_days: 'The clock counts working days (configured)',
    clock_hours:
      'For a clock started by a timestamped event (the found event of a return home interview): the clock in elapsed hours, clock_days x 24; null otherwise',
    done: 'What meets the standard: an event type or a derived code (seed practice_standards.done)',
    repeats: 'Every gap between occurrences is measured, not only the first',
    description: 'The standard in words (seed)',
  },
  query: ({ ref, config, db }) => {
    const configured = Object.entries(config.practiceStandards.clocks).flatMap(([standard, byService]) =>
      Object.entries(byService).map(
        ([service, c]) => sql`(${sql.lit(standard)}, ${sql.lit(service)}, ${sql.lit(c.clockDays)}, ${sql.lit(c.workingDays)})`,
      ),
    );
    return db
      .with('configured', (qb) =>
        qb
          .selectFrom(
            sql<{ standard: string; service: string; clock_days: number; working_days: boolean }>`(values ${sql.join(configured)})`.as(
              sql`c(standard, service, clock_days, working_days)`,
            ),
          )
          .selectAll(),
      )
      .selectFrom('configured as c')
      .innerJoin(ref('seed_practice_standards').as('s'), (j) =>
        j.onRef('s.standard', '=', 'c.standard').onRef('s.service', '=', 'c.service'),
      )
      .select([
        'c.standard',
        'c.service',
        's.start',
        sql<number>`coalesce(s.start_offset_days, 0)::INTEGER`.as('start_offset_days'),
        sql<number>`c.clock_days::INTEGER`.as('clock_days'),
        'c.working_days',
        sql<number | null>`case when s.start = 'found_event' then (c.clock_days * 24)::INTEGER end`.as('clock_hours'),
        's.done',
        sql<boolean>`coalesce(s.repeats, false)`.as('repeats'),
        's.description',
      ])
      .orderBy('c.standard').orderBy('c.service');
  },
  tests: [
    { unique: ['standard', 'service'] },
    { not_null: ['standard', 'service', 'start', 'clock_days', 'working_days', 'done', 'repeats'] },
    { accepted_values: { column: 'start', values: standardStarts } },
    { accepted_values: { column: 'done', values: standardDones } },
  ],
});
