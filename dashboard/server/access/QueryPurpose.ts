import type { Permissions } from './roles.ts';

/**
 * Figures over the whole authority that are not an indicator or a drill-down (data
 * quality). They cannot be limited to a locality or service and have no small-number
 * description, so only roles that see everything, as it is, may have them.
 */
export interface Dataset {
  name: string;
  title: string;
  /** The right a role needs to have it at all (roles.ts). */
  permission: keyof Permissions;
}

/**
 * What a query that is not an indicator or a drill-down answers, said where it is run.
 * runQuery refuses a query that says nothing and is not an indicator or drill-down of the
 * request (guardResult), so a route added later cannot send figures that skipped scope
 * and disclosure control by forgetting them (issue #5: every query passes through one
 * place).
 */
export type QueryPurpose =
  /**
   * Facts about the database, not about people: table and column names and types, the
   * extract date, the values the filters offer (narrowed to each user by limitMeta).
   * Such an answer may hold no numbers and no identifiers (guardResult checks).
   */
  | { kind: 'reference'; what: string }
  | { kind: 'dataset'; dataset: Dataset };
