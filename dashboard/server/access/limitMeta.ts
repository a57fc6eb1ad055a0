import type { EntryInfo, Meta, TeamArea } from '../meta.ts';
import type { Registry } from '../Registry.ts';
import { currentAccess } from './requestAccess.ts';
import { permissions } from './roles.ts';
import { scopedOptions } from './scopedOptions.ts';

/**
 * /api/meta as the signed-in user may use it: the services, localities and teams of their
 * scope as filter options (a Hadley Castle manager is not told the names of other
 * localities' teams), and only the indicators, drill-downs and exports their role and
 * scope can run (the server refuses the others anyway; this keeps the client from
 * offering them).
 */
export function limitMeta(meta: Meta, registry: Registry, teamAreas: readonly TeamArea[]): Meta {
  const access = currentAccess();
  if (!access) return meta;
  const { user } = access;
  const may = permissions[user.role];
  const { services, localities } = user.scope;
  const runnable = (name: string) => {
    const entry = registry.exportable(name);
    if (!entry) return false;
    if (services && !entry.filters.includes('service')) return false;
    if (localities && !entry.filters.includes('locality')) return false;
    if (!may.unsuppressed && entry.kind === 'indicator' && !access.disclosure(entry)) return false;
    return entry.kind === 'indicator' || may.viewRows;
  };
  const exportable = (name: string) => {
    const entry = registry.exportable(name);
    return runnable(name) && (entry?.kind === 'drill' ? may.exportRows : may.exportAggregates);
  };
  // A grouping by an identifier (practice compliance by worker_id) answers with person-level
  // identifiers, which guardResult refuses to a role that sees aggregates only: not offered.
  const withoutIdGroupings = (e: EntryInfo): EntryInfo =>
    may.viewRows ? e : { ...e, params: e.params.map((p) => (p.values ? { ...p, values: p.values.filter((v) => !v.split(',').some((d) => d.endsWith('_id'))) } : p)) };
  return {
    ...meta,
    filters: scopedOptions(meta.filters, teamAreas, user.scope),
    indicators: meta.indicators.filter((e) => runnable(e.name)).map(withoutIdGroupings),
    drills: meta.drills.filter((e) => runnable(e.name)),
    exports: meta.exports.filter(exportable),
  };
}
