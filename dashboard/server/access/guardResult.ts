import { DisclosureRefused } from '../../access/suppress.ts';
import { Pseudonymiser } from '../Pseudonymiser.ts';
import type { QueryResult } from '../runQuery.ts';
import { isNumericType, suppressResult } from './Disclosure.ts';
import type { QueryPurpose } from './QueryPurpose.ts';
import { forbidden, requireAccess, scopeDataset } from './scopeRequest.ts';
import { permissions } from './roles.ts';

/**
 * The last check on every answer runQuery gives (after its cache, so a cached answer is
 * checked for each user): scope, person-level columns and disclosure control.
 *
 * - A scoped user's answer may not hold a locality or service outside their scope. The
 *   filters already made sure of that (scopeRequest); this is the second lock, so a
 *   query that forgot a filter fails instead of leaking.
 * - Aggregate-only roles never get identifier columns.
 * - For them, the entry's answer is suppressed (indicators.md 7a); a numeric column the
 *   entry's description does not know is hidden whole; a table that cannot be made safe
 *   is refused.
 * - An answer that is neither the request's indicator or drill-down nor a declared
 *   purpose (QueryPurpose) is refused: nothing leaves unchecked because a route forgot.
 */
export function guardResult(result: QueryResult, purpose?: QueryPurpose): QueryResult {
  const access = requireAccess();
  const { user } = access;
  if (purpose?.kind === 'reference') {
    // Reference facts are read once for everyone and narrowed per user where they are
    // sent (limitMeta), so they are not held to one user's scope here; they may carry no
    // figures or identifiers, which is what makes that safe.
    const bad = result.columns.find((c) => isNumericType(c.type) || Pseudonymiser.isIdentifier(c.name));
    if (bad) throw new Error(`access: reference query "${purpose.what}" returned the column ${bad.name}, a figure or identifier; refused`);
    return result;
  }
  const may = permissions[user.role];
  for (const [column, allowed] of [
    ['locality', user.scope.localities],
    ['service', user.scope.services],
  ] as const) {
    if (!allowed || !result.columns.some((c) => c.name === column)) continue;
    const stray = result.rows.find((r) => r[column] !== null && r[column] !== undefined && !allowed.includes(String(r[column])));
    if (stray) throw new Error(`access: an answer for ${user.username} held ${column} "${String(stray[column])}" outside their scope (route ${access.route}); refused`);
  }
  if (!may.viewRows && result.columns.some((c) => Pseudonymiser.isIdentifier(c.name))) {
    throw forbidden(`Your role (${user.role}) sees aggregates only: this answer has person-level identifiers.`);
  }
  if (purpose?.kind === 'dataset') {
    scopeDataset(purpose.dataset);
    return result;
  }
  if (!access.entry) {
    throw new Error(`access: a query on ${access.route} ran without an indicator, a drill-down or a declared purpose; refused`);
  }
  access.rowCount ??= result.rows.length;
  if (may.unsuppressed) return result;
  const d = access.disclosure(access.entry);
  if (!d) throw forbidden(`${access.entry.title} is not available to your role yet: its small-number rules are not described.`);
  try {
    return suppressResult(result, d, access.rules);
  } catch (e) {
    if (e instanceof DisclosureRefused) throw forbidden(`${access.entry.title}: ${e.message}`);
    throw e;
  }
}
