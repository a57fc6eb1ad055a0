import type { Meta } from '../meta.ts';
import type { Registry } from '../Registry.ts';
import { currentAccess } from './requestAccess.ts';
import { permissions } from './roles.ts';

/**
 * /api/meta as the signed-in user may use it: the services and localities of their scope
 * as filter options, and only the indicators, drill-downs and exports their role and
 * scope can run (the server refuses the others anyway; this keeps the client from
 * offering them).
 */
export function limitMeta(meta: Meta, registry: Registry): Meta {
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
  return {
    ...meta,
    filters: {
      ...meta.filters,
      service: services ? meta.filters.service.filter((s) => services.includes(s)) : meta.filters.service,
      locality: localities ? meta.filters.locality.filter((l) => localities.includes(l)) : meta.filters.locality,
    },
    indicators: meta.indicators.filter((e) => runnable(e.name)),
    drills: meta.drills.filter((e) => runnable(e.name)),
    exports: meta.exports.filter(exportable),
  };
}
