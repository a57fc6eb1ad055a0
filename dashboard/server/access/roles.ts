/**
 * The four roles and what each may do. The server checks these; the client only hides
 * what a role cannot use. Change a role's rights here and nowhere else.
 */
export const roles = ['service_manager', 'commissioner', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Permissions {
  /** Person-level rows behind a number (/api/rows). */
  viewRows: boolean;
  /** Export an indicator (aggregates). */
  exportAggregates: boolean;
  /** Export a drill-down (pseudonymised person-level rows). */
  exportRows: boolean;
  /** Numbers as they are; false: small numbers suppressed (indicators.md 7a). */
  unsuppressed: boolean;
  /** Read the audit log. */
  readAudit: boolean;
  /** Data quality: rejected rows by file and reason, freshness of each source (/api/quality). */
  viewQuality: boolean;
}

export const permissions: Readonly<Record<Role, Readonly<Permissions>>> = {
  // Their own services and localities only (scope). product.md: they "drill from any number
  // to the episodes behind it" to chase the cases, but building and exporting cohorts of
  // pseudonymised rows is the analysts' work (product.md, issue #5 "cohort export,
  // pseudonymised rows" under analysts). Data quality covers the whole authority's load,
  // which cannot be limited to their scope.
  service_manager: { viewRows: true, exportAggregates: true, exportRows: false, unsuppressed: true, readAudit: false, viewQuality: false },
  // Aggregates only, small numbers suppressed, in pages and exports. Data quality is not
  // theirs: product.md gives it to analysts, and its counts are not described for suppression.
  commissioner: { viewRows: false, exportAggregates: true, exportRows: false, unsuppressed: false, readAudit: false, viewQuality: false },
  // Cohorts and pseudonymised rows across the authority; they "check data quality
  // (rejected rows, freshness of each source)" (product.md).
  analyst: { viewRows: true, exportAggregates: true, exportRows: true, unsuppressed: true, readAudit: false, viewQuality: true },
  admin: { viewRows: true, exportAggregates: true, exportRows: true, unsuppressed: true, readAudit: true, viewQuality: true },
};

export const roleLabels: Readonly<Record<Role, string>> = {
  service_manager: 'Service manager',
  commissioner: 'Commissioner',
  analyst: 'Analyst',
  admin: 'Administrator',
};

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (roles as readonly string[]).includes(v);
