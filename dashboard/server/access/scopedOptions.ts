import type { FilterOptions, TeamArea } from '../meta.ts';
import type { Scope } from './User.ts';

/**
 * The filter values a user may choose: their scope's services and localities, and only
 * the teams that work in it (a team with an episode or a worker in one of their
 * localities, of one of their services). A team with nowhere recorded is nobody's. Age
 * band, sex and ethnicity are code lists, the same for everyone.
 */
export function scopedOptions(options: FilterOptions, teamAreas: readonly TeamArea[], scope: Scope): FilterOptions {
  const { services, localities } = scope;
  if (!services && !localities) return options;
  const within = (value: string | null, allowed: string[] | undefined) => allowed === undefined || (value !== null && allowed.includes(value));
  const teams = new Set(teamAreas.filter((a) => within(a.locality, localities) && within(a.service, services)).map((a) => a.team));
  return {
    ...options,
    service: services ? options.service.filter((s) => services.includes(s)) : options.service,
    locality: localities ? options.locality.filter((l) => localities.includes(l)) : options.locality,
    team: options.team.filter((t) => teams.has(t)),
  };
}
