import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { practiceStandardRows } from './practiceStandardRows.ts';

/**
 * The overdue list (indicators.md section 3; product.md: "which cases are ... overdue",
 * drilled to "what is overdue"): the standards a manager can still get done, with the
 * worker and how many days overdue they are as of the extract date, longest overdue first.
 *
 * Of the `missed` rows (not done and the due date passed, or the episode closed without
 * it), only those still owed on a live case:
 * - the episode is still open, or still waiting for allocation (a decision not yet made,
 *   a waiting list review) at the extract date. A closed episode's missed standards are
 *   history: they stay in the compliance counts, but nobody can do them now;
 * - except its closure summary, which is owed after closing (28 days for FIT and YIT, 7
 *   for SF) and can still be written: a manager chases it;
 * - a waiting list review only while the episode is still waiting: its clock runs "from
 *   decision_on until allocated_on", so once allocated the review can no longer be done;
 * - a return home interview (person-level, "72 hours from the found event") belongs to the
 *   episode mart_practice_standards attaches it to (the one the found event names, else the
 *   child's open episode at the time), and is listed while that episode is still open.
 *   With no episode, or once it has closed, no worker holds the child's case to act on it.
 *   Only the child's latest found event counts: an interview after a later found event
 *   answers that one (int_return_home_interviews), so an earlier one can no longer be done.
 *
 * The list is therefore shorter than practiceCompliance's `missed` count for the same
 * filters; the compliance tables drill to every missed row.
 */
export function overdueStandards(ctx: IndicatorContext, filters: Filters) {
  return ctx.db
    .with('rows', () => practiceStandardRows(ctx, filters))
    .selectFrom('rows')
    .select([
      'episode_id',
      'person_id',
      'family_id',
      'service',
      'team',
      'locality',
      'worker_id',
      'episode_status',
      'standard',
      'occurrence',
      'start_on',
      'due_on',
      'days_late as days_overdue',
    ])
    .where('status', '=', 'missed')
    .where((eb) => eb.or([eb('episode_status', 'in', ['open', 'waiting']), eb('standard', '=', 'closure_summary')]))
    .where((eb) => eb.or([eb('standard', '<>', 'waiting_list_review'), eb('episode_status', '=', 'waiting')]))
    // The latest found event of the person, over all of them: a later one outside the
    // period still supersedes this one.
    .where((eb) =>
      eb.or([
        eb('standard', '<>', 'return_home_interview'),
        eb.not(
          eb.exists(
            eb
              .selectFrom(ctx.ref('mart_practice_standards').as('later'))
              .select('later.occurrence')
              .where('later.standard', '=', 'return_home_interview')
              .whereRef('later.person_id', '=', 'rows.person_id')
              .whereRef('later.occurrence', '>', 'rows.occurrence'),
          ),
        ),
      ]),
    )
    .orderBy('days_late', 'desc')
    .orderBy('due_on')
    .orderBy('standard')
    .orderBy('episode_id')
    .orderBy('person_id')
    .orderBy('occurrence');
}
