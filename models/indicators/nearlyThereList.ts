import type { Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';
import { filteredFamilyOutcomes } from './supportingFamiliesSummary.ts';

/**
 * Families nearly there (indicators.md section 1): eligible, episode closed, not yet a
 * successful outcome, with exactly one live need not sustained. The rows a service
 * manager works from: who holds the family and which need to chase, with the date from
 * which a met review would sustain it. Earliest closures first. The period selects
 * families by when they became eligible.
 */
export function nearlyThereList(ctx: IndicatorContext, filters: Filters) {
  return filteredFamilyOutcomes(ctx, filters, 'eligible_on')
    .clearSelect()
    .select([
      'f.family_id',
      'f.locality',
      'f.service',
      'f.team',
      'f.worker_id',
      'f.episode_id',
      'f.episode_closed_on',
      'f.eligible_on',
      'f.live_needs',
      'f.needs_sustained',
      'f.lead_practitioner',
      'f.assessment_completed',
      'f.plan_agreed',
      'f.outstanding_need_id',
      'f.outstanding_headline',
      'f.outstanding_need_code',
      'f.outstanding_latest_status',
      'f.outstanding_latest_reviewed_on',
      'f.outstanding_sustainable_from',
    ])
    .where('f.nearly_there', '=', true)
    .orderBy('f.episode_closed_on')
    .orderBy('f.family_id');
}
