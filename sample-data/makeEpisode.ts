// One episode's life: referral, manager decision, waiting list or allocation, closure.
// Timescales are mostly met, with each team slipping at its own rate, so the practice
// standards have late and missed cases to show.
import { addWorkingDays, dayString, nextWorkingDay } from './days.ts';
import type { Gen } from './Gen.ts';
import { pickWorker, type Team, type Worker } from './makeWorkers.ts';
import type { Person } from './makePeople.ts';
import { serviceSettings, teamName, type ServiceCode, type ServiceSetting } from './setting.ts';

export type Decision = 'allocated' | 'waiting_list' | 'needs_other_service' | 'no_service' | 'returned_to_front_door';

export interface Episode {
  id: string;
  familyId: string;
  service: ServiceSetting;
  team: Team;
  subject: Person | null;
  referral: number;
  decision: Decision | null;
  decisionOn: number | null;
  allocatedOn: number | null;
  worker: Worker | null;
  closedOn: number | null;
  closureReason: string | null;
  /** 0-1, how much the family gained: drives readings, needs, feedback and partner events after. */
  gain: number;
}

/** Referrals the manager did not allocate: the before/after comparison group. */
export const notAllocated = (e: Episode) =>
  e.decision === 'needs_other_service' || e.decision === 'no_service' || e.decision === 'returned_to_front_door';

const closureReasons = {
  outcomes_met: 0.48,
  step_down: 0.1,
  step_up: 0.07,
  disengaged: 0.12,
  declined: 0.06,
  moved_away: 0.05,
  transferred: 0.05,
  other: 0.07,
};

const orderTypes = {
  referral_order: 0.35, yro: 0.15, yro_iss: 0.03, dto: 0.04, ycc: 0.1, youth_caution: 0.08, community_resolution: 0.1, prevention: 0.15,
};

export function makeEpisode(
  g: Gen,
  familyId: string,
  locality: string,
  code: ServiceCode,
  referral: number,
  subject: Person | null,
): Episode {
  const r = g.rng;
  const s = serviceSettings[code];
  const team = g.teams.get(teamName(code, locality))!;
  const late = () => r.chance(team.lateness);
  const ep: Episode = {
    id: g.nextId('episode'), familyId, service: s, team, subject, referral,
    decision: null, decisionOn: null, allocatedOn: null, worker: null, closedOn: null, closureReason: null, gain: 0,
  };

  // Standard: a manager decision within 2 working days of the referral.
  const decisionOn = addWorkingDays(referral, late() ? r.int(3, r.chance(0.7) ? 5 : 15) : r.int(0, 2));
  if (decisionOn <= g.today) {
    ep.decisionOn = decisionOn;
    ep.decision =
      code === 'YOS'
        ? r.weighted({ allocated: 0.95, needs_other_service: 0.05 })
        : r.weighted({
            allocated: s.waitingList ? 0.6 : 0.74,
            waiting_list: s.waitingList ? 0.14 : 0,
            needs_other_service: 0.1,
            no_service: 0.1,
            returned_to_front_door: 0.06,
          });
  }

  if (ep.decision === 'allocated') {
    const on = addWorkingDays(decisionOn, r.chance(0.7) ? 0 : r.int(1, 4));
    ep.allocatedOn = on <= g.today ? on : decisionOn;
  } else if (ep.decision === 'waiting_list') {
    const withdrawn = r.chance(0.1);
    const until = nextWorkingDay(decisionOn + r.int(10, 160));
    if (withdrawn) {
      if (until <= g.today) {
        ep.closedOn = until;
        ep.closureReason = 'declined';
      }
    } else if (until <= g.today) ep.allocatedOn = until;
  } else if (ep.decision !== null) {
    // The referral record closes on the decision; after-windows of the comparison group start here.
    ep.closedOn = decisionOn;
    ep.closureReason = ep.decision === 'needs_other_service' ? 'transferred' : 'other';
  }

  if (ep.allocatedOn !== null) {
    ep.worker = pickWorker(r, team);
    const reason = r.weighted(closureReasons);
    let days: number;
    if (reason === 'declined') days = r.int(10, 50);
    else if (reason === 'disengaged' || reason === 'step_up') days = r.int(40, 200);
    else if (reason === 'moved_away' || reason === 'transferred') days = r.int(30, 250);
    else if (r.chance(0.08)) days = r.int(370, 700); // the long-running cases managers are asked to review
    else days = Math.round(Math.min(520, Math.max(60, Math.exp(r.normal(Math.log(s.medianMonths * 30.4), 0.35)))));
    const closeOn = nextWorkingDay(ep.allocatedOn + days);
    if (closeOn <= g.today) {
      ep.closedOn = closeOn;
      ep.closureReason = reason;
    }
    ep.gain =
      ep.closedOn === null
        ? 0.3 + 0.5 * r.next()
        : reason === 'outcomes_met'
          ? 0.55 + 0.45 * r.next()
          : reason === 'step_down'
            ? 0.4 + 0.4 * r.next()
            : 0.5 * r.next();
  }

  const lead = ep.worker ? (s.level === 'family' ? r.chance(0.88) : r.chance(0.3)) : null;
  g.sink.write('episodes', {
    episode_id: ep.id,
    family_id: familyId,
    subject_person_id: subject?.id ?? null,
    service: code,
    team: r.chance(0.03) ? null : team.name,
    locality: r.chance(0.15) ? null : locality,
    referral_on: dayString(referral),
    referral_source: r.chance(0.05) ? null : r.weighted(s.referralSources),
    decision: ep.decision,
    decision_on: ep.decisionOn === null ? null : dayString(ep.decisionOn),
    allocated_on: ep.allocatedOn === null ? null : dayString(ep.allocatedOn),
    worker_id: ep.worker?.id ?? null,
    lead_practitioner: lead === null || r.chance(0.08) ? null : lead ? 'true' : 'false',
    closed_on: ep.closedOn === null ? null : dayString(ep.closedOn),
    closure_reason: ep.closureReason,
    order_type: code === 'YOS' ? r.weighted(orderTypes) : null,
  });
  return ep;
}
