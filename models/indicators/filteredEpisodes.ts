import { applyFilters } from './applyFilters.ts';
import { hasPersonFilters, type Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/** Grouping dimensions of the episode indicators. */
export const episodeDimensions = ['service', 'locality', 'team'] as const;
export type EpisodeDimension = (typeof episodeDimensions)[number];

/**
 * mart_episodes rows for `filters`: the row filter of every episode indicator and of the
 * episodes drill-down, so a count and the rows behind it always agree. Service, locality
 * and team are the episode's. Age band, sex, ethnicity and SEND are the young person's
 * for youth episodes (with a subject person) and any child's of the family otherwise.
 * The period applies to the referral date unless `period` is null (indicators "as at the
 * extract date", which then refuse a period rather than ignore it).
 */
export function filteredEpisodes(ctx: IndicatorContext, filters: Filters, period: 'referral_on' | null = 'referral_on') {
  const rows = () => ctx.db.selectFrom(ctx.ref('mart_episodes').as('e')).selectAll('e');
  const columns = { period: period ? `e.${period}` : undefined, service: 'e.service', locality: 'e.locality', team: 'e.team' };
  // Without person filters the youth and family halves are every row: one scan instead of two.
  if (!hasPersonFilters(filters)) return ctx.db.selectFrom(applyFilters(ctx, rows(), filters, columns).as('episodes')).selectAll();
  const youth = applyFilters(ctx, rows().where('e.subject_person_id', 'is not', null), filters, { ...columns, person: 'e.subject_person_id' });
  const family = applyFilters(ctx, rows().where('e.subject_person_id', 'is', null), filters, { ...columns, family: 'e.family_id' });
  return ctx.db.selectFrom(youth.unionAll(family).as('episodes')).selectAll();
}
