import type { MetaState } from '../state/MetaState.svelte.ts';

/** What a role that sees aggregates only is told where a panel would list, or draw from, person-level rows. */
export const rowsNotAvailable = 'Row-level lists are not available to your account: it sees aggregate figures only.';

/**
 * Whether this account may ask for a drill-down's rows (/api/meta lists only the ones its
 * role may see). Undefined while /api/meta loads: ask for nothing until it is known, so a
 * commissioner's page never sends a request it will be refused.
 */
export function mayListRows(meta: MetaState, drill: string): boolean | undefined {
  return meta.meta ? Boolean(meta.drill(drill)) : undefined;
}
