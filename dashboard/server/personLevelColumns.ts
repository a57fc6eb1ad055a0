import { currentAccess, type RequestAccess } from './access/requestAccess.ts';
import { Pseudonymiser } from './Pseudonymiser.ts';
import type { Column } from './runQuery.ts';

const shown = new WeakMap<RequestAccess, Set<string>>();

/**
 * Notes, for the request being answered, the identifier columns (`*_id`) of an answer it
 * is given. Such an answer is about individual people (families, children, workers),
 * pseudonymised but one line per person, so the request is a person-level view that the
 * audit log records (issue #5 item 4), whichever route sent it.
 */
export function notePersonLevelColumns(columns: readonly Column[]): void {
  const access = currentAccess();
  if (!access) return;
  for (const c of columns) {
    if (!Pseudonymiser.isIdentifier(c.name)) continue;
    let s = shown.get(access);
    if (!s) shown.set(access, (s = new Set()));
    s.add(c.name);
  }
}

/** The identifier columns the request's answers held, in the order first seen; none for a request that sent only aggregates. */
export function personLevelColumns(access: RequestAccess | null | undefined): string[] {
  return access ? [...(shown.get(access) ?? [])] : [];
}
