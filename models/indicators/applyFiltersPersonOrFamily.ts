import type { SelectQueryBuilder } from 'kysely';
import { applyFilters, type FilterColumns } from './applyFilters.ts';
import { hasPersonFilters, type Filters } from './Filters.ts';
import type { IndicatorContext } from './IndicatorContext.ts';

/**
 * Filters rows that are about a person when `personColumn` is set and about a family
 * otherwise (youth episodes and family episodes side by side): age band, sex, ethnicity
 * and SEND are the person's on the first, any child's of the family on the second. Every
 * other filter reads `columns` on both. Returns a select over the union of the two.
 */
export function applyFiltersPersonOrFamily(
  ctx: IndicatorContext,
  rows: () => SelectQueryBuilder<any, any, any>,
  filters: Filters,
  columns: Omit<FilterColumns, 'person' | 'family'>,
  personColumn: string,
  familyColumn: string,
) {
  // Without person filters the two halves are every row: one scan instead of two.
  if (!hasPersonFilters(filters)) return ctx.db.selectFrom(applyFilters(ctx, rows(), filters, columns).as('rows')).selectAll();
  const person = applyFilters(ctx, rows().where(personColumn, 'is not', null), filters, { ...columns, person: personColumn });
  const family = applyFilters(ctx, rows().where(personColumn, 'is', null), filters, { ...columns, family: familyColumn });
  return ctx.db.selectFrom(person.unionAll(family).as('rows')).selectAll();
}
