import type { SelectQueryBuilder } from 'kysely';
import type { Filters } from '../../models/indicators/Filters.ts';
import { HttpError, notFound } from './HttpError.ts';
import { available, loadFacts, type Facts } from './meta.ts';
import { parseRequest, type Query } from './parseFilters.ts';
import type { ServerContext } from './RequestContext.ts';
import { apiContext, type Params, type ResolvedEntry } from './RegistryEntry.ts';
import type { QueryScope } from './runQuery.ts';
import { requireAccess, scopeRequest } from './access/scopeRequest.ts';
import { scopedOptions } from './access/scopedOptions.ts';

export interface PreparedEntry {
  entry: ResolvedEntry;
  filters: Filters;
  params: Params;
  facts: Facts;
  query: SelectQueryBuilder<any, any, any>;
}

/**
 * Looks up an indicator or drill-down, checks it can run on this database, validates the
 * query string and builds the query, so the indicator, rows and export routes treat a
 * name and its filters exactly alike.
 */
export async function prepareEntry(
  ctx: ServerContext,
  scope: QueryScope,
  entry: ResolvedEntry | undefined,
  name: string,
  query: Query,
  extraKeys: readonly string[] = [],
): Promise<PreparedEntry> {
  if (!entry) throw notFound(`There is no ${extraKeys.includes('limit') ? 'drill-down' : 'indicator or drill-down'} called "${name.slice(0, 60)}".`);
  const facts = await loadFacts(scope);
  if (!available(entry, facts)) {
    const missing = entry.tables.filter((t) => !facts.tables.has(t));
    throw notFound(`${entry.name} is not available in this database: it needs ${missing.join(', ')}, which the last load did not build.`);
  }
  // A team outside the user's scope is refused exactly like a team that does not exist
  // (400), so asking cannot confirm the names /api/meta does not offer them. Another
  // locality or service, whose names are no secret, is a 403 from scopeRequest, and audited.
  const teams = scopedOptions(facts.options, facts.teamAreas, requireAccess().user.scope).team;
  const options = { ...facts.options, team: teams };
  // The user's role and scope: may they run this here, and their filters intersected with their scope.
  const { filters, params } = scopeRequest(entry, parseRequest(query, entry, options, extraKeys));
  let built: SelectQueryBuilder<any, any, any>;
  try {
    built = entry.run(apiContext(ctx.config), filters, params);
  } catch (e) {
    // applyFilters refuses a filter the rows cannot take; parseRequest should have caught it first.
    if (/cannot be filtered/.test((e as Error).message)) throw new HttpError(400, (e as Error).message);
    throw e;
  }
  return { entry, filters, params, facts, query: built };
}
