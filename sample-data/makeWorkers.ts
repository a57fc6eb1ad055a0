// Practitioners per team (one team per service and locality), sized so that the average
// caseload sits a little under the limit: some workers end up over it, as in real teams.
import { Prng } from './Prng.ts';
import type { Row } from './RowWriter.ts';
import { defaultCaseloadLimit, localities, serviceSettings, teamName, type ServiceCode } from './setting.ts';

export interface Worker {
  id: string;
  fte: number;
}

export interface Team {
  name: string;
  service: ServiceCode;
  locality: string;
  workers: Worker[];
  /** Running totals of fte, so busier (full-time) workers get proportionally more cases. */
  cumulativeFte: number[];
  /** How often this team misses a timescale: standards slip more in some teams than others. */
  lateness: number;
}

/**
 * Open allocated episodes per family per service, relative to the service's share and
 * median months: measured on generated extracts (re-referrals, youth work falling back to
 * SF, waiting lists and long-running cases all move it), so teams come out near the
 * target load.
 */
const LOAD_PER_SHARE_MONTH: Record<ServiceCode, number> = { FIT: 0.8, SF: 0.9, YIT: 0.95, TYSS: 1.08, YOS: 1.0, EH: 1.1 };
const YEARS = 3;
/** Average caseload as a share of the limit: most workers under it, some over. */
const TARGET_LOAD = 0.8;

export function makeWorkers(seed: number, families: number): { teams: Map<string, Team>; rows: Row[] } {
  const rng = new Prng((seed ^ 0x5eed0001) >>> 0);
  const teams = new Map<string, Team>();
  const rows: Row[] = [];
  let n = 0;
  let teamIndex = 0;
  for (const s of Object.values(serviceSettings)) {
    const limit = defaultCaseloadLimit(s.code);
    for (const loc of localities) {
      teamIndex++;
      const openCases = (families * LOAD_PER_SHARE_MONTH[s.code] * s.share * loc.weight * s.medianMonths) / (12 * YEARS);
      // Part-time workers (about 0.92 fte on average) carry proportionally less.
      const headcount = Math.max(1, Math.round(openCases / (limit * TARGET_LOAD * 0.92)));
      const team: Team = {
        name: teamName(s.code, loc.name),
        service: s.code,
        locality: loc.name,
        workers: [],
        cumulativeFte: [],
        // From its own stream, so a team's habits do not change with the number of families.
        lateness: 0.06 + new Prng((seed ^ Math.imul(teamIndex + 1, 0x2c1b3c6d)) >>> 0).next() * 0.2,
      };
      let total = 0;
      for (let i = 0; i < headcount; i++) {
        const id = `W${++n}`;
        const fte = rng.chance(0.75) ? 1 : rng.pick([0.5, 0.6, 0.8, 0.9]);
        // Newly qualified workers carry a protected caseload; most use the service default (blank).
        const caseload = rng.chance(0.1) ? limit - 2 : rng.chance(0.3) ? limit : null;
        team.workers.push({ id, fte });
        total += fte;
        team.cumulativeFte.push(total);
        rows.push({ worker_id: id, service: s.code, team: team.name, locality: loc.name, fte: fte === 1 && rng.chance(0.3) ? null : fte, caseload_limit: caseload });
      }
      teams.set(team.name, team);
    }
  }
  return { teams, rows };
}

export function pickWorker(rng: Prng, team: Team): Worker {
  const x = rng.next() * team.cumulativeFte[team.cumulativeFte.length - 1];
  for (let i = 0; i < team.workers.length; i++) if (x < team.cumulativeFte[i]) return team.workers[i];
  return team.workers[team.workers.length - 1];
}
