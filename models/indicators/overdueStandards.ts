import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { practiceStandardRows } from './practiceStandardRows.ts';

/**
 * The overdue list (indicators.md section 3): the rows behind practiceCompliance's `missed`
 * count for the same filters -- standards not done by their due date, or whose episode
 * closed without them -- with the worker and how many days overdue they are as of the
 * extract date, longest overdue first.
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
    .orderBy('days_late', 'desc')
    .orderBy('due_on')
    .orderBy('standard')
    .orderBy('episode_id')
    .orderBy('person_id')
    .orderBy('occurrence');
}
