import { AsyncLocalStorage } from 'node:async_hooks';
import type { DisclosureRules } from '../../access/suppress.ts';
import type { Filters } from '../../../models/indicators/Filters.ts';
import type { Params, RegistryEntry, ResolvedEntry } from '../RegistryEntry.ts';
import type { Disclosure } from './Disclosure.ts';
import type { User } from './User.ts';

/**
 * Who is asking, for the whole of one request. Set around every route handler
 * (setupAccess wraps them as they are registered), so runQuery and prepareEntry find the
 * user without any route having to pass it along, and a route added later cannot forget:
 * runQuery refuses to run outside a signed-in request.
 */
export interface RequestAccess {
  user: User;
  /** The route as registered, e.g. /api/rows/:drill. */
  route: string;
  rules: DisclosureRules;
  /** Disclosure descriptions by indicator name. */
  disclosure: (entry: RegistryEntry) => Disclosure | undefined;
  /** Set by prepareEntry once the request is checked: what ran and with which (scoped) filters. */
  entry?: ResolvedEntry;
  filters?: Filters;
  params?: Params;
  /** Rows in the first answer of the entry (a page of rows, an export, an indicator). */
  rowCount?: number;
}

const storage = new AsyncLocalStorage<RequestAccess>();

export const runWithAccess = <T>(access: RequestAccess, fn: () => T): T => storage.run(access, fn);

export const currentAccess = (): RequestAccess | undefined => storage.getStore();
