import type { Filters } from '../../../models/indicators/Filters.ts';
import { HttpError } from '../HttpError.ts';
import type { Params, ResolvedEntry } from '../RegistryEntry.ts';
import type { Dataset } from './QueryPurpose.ts';
import { currentAccess, type RequestAccess } from './requestAccess.ts';
import { permissions, roleLabels } from './roles.ts';
import { isScoped, type Scope } from './User.ts';

export const forbidden = (message: string) => new HttpError(403, message);

export function requireAccess(): RequestAccess {
  const access = currentAccess();
  // Not an answer to a person: a route that runs queries outside a signed-in request is a bug.
  if (!access) throw new Error('access: a query was run outside a signed-in request');
  return access;
}

const dimensions = [
  ['service', 'services'],
  ['locality', 'localities'],
] as const;

/**
 * A user's filters intersected with their scope. Nothing asked: the scope itself. Asked
 * within the scope: as asked. Asked for anything outside it (repeated parameters
 * included): refused, so another locality's rows are never run, let alone sent. An
 * indicator that cannot be filtered by a scoped dimension is refused too: it could only
 * be answered over everyone.
 */
export function scopeFilters(scope: Scope, entry: ResolvedEntry, filters: Filters): Filters {
  const out: Filters = { ...filters };
  for (const [key, plural] of dimensions) {
    const allowed = scope[plural];
    if (allowed === undefined) continue;
    if (!allowed.length) throw forbidden(`Your account has no ${plural} to see. Ask an administrator to set them.`);
    if (!entry.filters.includes(key)) {
      throw forbidden(`${entry.title} cannot be limited to your ${plural}, so it is not available to you.`);
    }
    const asked = filters[key];
    if (asked?.length) {
      const outside = asked.find((v) => !allowed.includes(v));
      if (outside !== undefined) {
        throw forbidden(`You can see ${plural} ${allowed.join(', ')} only: "${outside.slice(0, 60)}" is outside your access.`);
      }
      out[key] = [...asked];
    } else {
      out[key] = [...allowed].sort();
    }
  }
  return out;
}

const isExportRoute = (route: string) => route.startsWith('/api/export/');

/**
 * The check every indicator, drill-down and export passes (prepareEntry calls it once the
 * query string is valid): may this role run this entry on this route, and with which
 * filters. Records what ran for the audit log and disclosure control.
 */
export function scopeRequest(entry: ResolvedEntry, parsed: { filters: Filters; params: Params }): { filters: Filters; params: Params } {
  const access = requireAccess();
  const { user } = access;
  const may = permissions[user.role];
  const exporting = isExportRoute(access.route);
  if (entry.kind === 'drill' && !may.viewRows) {
    throw forbidden(`Your role (${user.role}) sees aggregates only: the rows behind a number are not available to you.`);
  }
  if (entry.kind === 'drill' && exporting && !may.exportRows) {
    throw forbidden(`Your role (${user.role}) can see the rows behind a number but not export them: exports of pseudonymised rows are for analysts. The figures can be exported.`);
  }
  if (entry.kind === 'indicator' && exporting && !may.exportAggregates) throw forbidden(`Your role (${user.role}) cannot export.`);
  if (!may.unsuppressed && !access.disclosure(entry)) {
    throw forbidden(`${entry.title} is not available to your role yet: its small-number rules are not described.`);
  }
  const filters = scopeFilters(user.scope, entry, parsed.filters);
  access.entry = entry;
  access.filters = filters;
  access.params = parsed.params;
  return { filters, params: parsed.params };
}

/**
 * The check for figures that are not an indicator or drill-down (Dataset): the role needs
 * the dataset's right, and the user must see the whole authority as it is, since such
 * figures can be neither limited to a scope nor suppressed. The route calls it before any
 * work (so even an empty answer is refused) and runQuery again on every answer.
 */
export function scopeDataset(dataset: Dataset): void {
  const { user } = requireAccess();
  const may = permissions[user.role];
  if (!may[dataset.permission]) {
    throw forbidden(`${dataset.title} is not available to your role (${roleLabels[user.role]}). Ask an analyst if you need it.`);
  }
  if (isScoped(user.scope)) throw forbidden(`${dataset.title} covers the whole authority and cannot be limited to your access, so it is not available to you.`);
  if (!may.unsuppressed) throw forbidden(`${dataset.title} is not available to your role: its small numbers are not described for suppression.`);
}
