// What partners record about family members (police, schools, health, social care, youth
// justice) before, during and after an episode. Rates rise before a referral (referrals
// follow a crisis) and fall after it closes: a lot for families the service helped, a
// little (regression to the mean) for the comparison group whose referral was not
// allocated, so before/after against the comparison group shows a difference.
import { addMonths, dayOf, month, nextWorkingDay, year } from './days.ts';
import type { Gen } from './Gen.ts';
import { notAllocated, type Episode } from './makeEpisode.ts';
import { ageAt, type Person } from './makePeople.ts';
import type { Headline } from './needs.ts';

type Rates = Partial<Record<IncidentType, number>>;
type IncidentType =
  | 'missing_episode'
  | 'offence'
  | 'asb_incident'
  | 'arrest'
  | 'exclusion'
  | 'social_care_referral'
  | 'camhs_referral'
  | 'domestic_abuse_incident';

/** Incidents per person per month in the six months before referral. */
const rates: Record<'yos' | 'youth' | 'child' | 'adult', Rates> = {
  yos: { offence: 0.22, asb_incident: 0.1, arrest: 0.1, missing_episode: 0.04, exclusion: 0.05, social_care_referral: 0.01, camhs_referral: 0.012 },
  youth: { missing_episode: 0.1, asb_incident: 0.06, offence: 0.04, arrest: 0.03, exclusion: 0.07, camhs_referral: 0.02, social_care_referral: 0.012 },
  child: { missing_episode: 0.012, exclusion: 0.025, asb_incident: 0.008, offence: 0.004, social_care_referral: 0.008, camhs_referral: 0.008 },
  adult: { domestic_abuse_incident: 0.01, offence: 0.006, asb_incident: 0.004 },
};

/** Ages (inclusive) at which each incident type is recorded about a child. */
const ages: Record<IncidentType, [number, number]> = {
  missing_episode: [8, 17],
  offence: [10, 120],
  asb_incident: [10, 120],
  arrest: [10, 120],
  exclusion: [5, 16],
  social_care_referral: [0, 17],
  camhs_referral: [4, 17],
  domestic_abuse_incident: [16, 120],
};

const DAYS_PER_MONTH = 30.44;

function inScope(p: Person, ep: Episode): boolean {
  if (p.role === 'unborn' || p.role === 'other_adult') return false;
  return ep.service.level === 'youth' ? ep.subject === p : true;
}

export function partnerEvents(g: Gen, familyId: string, people: Person[], episodes: Episode[], headlines: Set<Headline>) {
  const r = g.rng;
  for (const p of people) {
    const ep = episodes.find((e) => inScope(p, e));
    if (!ep) continue;
    const child = p.role === 'child';
    const base = child ? (ep.service.code === 'YOS' ? rates.yos : ep.service.level === 'youth' ? rates.youth : rates.child) : rates.adult;
    const risk = Math.exp(r.normal(0, 0.6));
    const R = ep.referral;
    const C = ep.closedOn;
    const helped = ep.allocatedOn !== null;
    const good = helped && (ep.closureReason === 'outcomes_met' || ep.closureReason === 'step_down');
    const after = good ? 0.15 + 0.4 * (1 - ep.gain) + 0.1 * r.next() : helped ? 0.6 + 0.4 * r.next() : 0.8 + 0.35 * r.next();
    const phases: [number, number, number][] = [
      [addMonths(R, -18), R - 183, 0.6],
      [R - 183, R, 1],
      [R, C ?? g.today + 1, helped ? 0.75 : 1],
    ];
    if (C !== null) phases.push([C + 1, g.today + 1, after]);
    const ctx: Incident = { g, familyId, p, ep };

    for (const type of Object.keys(base) as IncidentType[]) {
      let rate = (base[type] ?? 0) * risk;
      if (child && type === 'missing_episode' && headlines.has('CSAE')) rate *= 3;
      if (type === 'offence' && headlines.has('CRIME')) rate *= 3;
      if (child && type === 'exclusion' && headlines.has('EDU')) rate *= 2;
      if (!child && type === 'domestic_abuse_incident' && headlines.has('DA')) rate *= 6;
      const [minAge, maxAge] = ages[type];
      const from = p.birth === null ? -Infinity : p.birth + Math.ceil(minAge * 365.25);
      const to = p.birth === null ? Infinity : p.birth + Math.floor((maxAge + 1) * 365.25);
      for (const [s, e, m] of phases) {
        const lo = Math.max(s, from);
        const hi = Math.min(e, to);
        if (hi <= lo) continue;
        const n = r.poisson((rate * m * (hi - lo)) / DAYS_PER_MONTH);
        for (let i = 0; i < n; i++) incident(ctx, type, r.int(lo, hi - 1));
      }
    }
    if (p.lookedAfter) {
      const from = Math.max(addMonths(R, -18), p.birth ?? -Infinity);
      ev(ctx, 'looked_after_start', from + r.int(0, g.today - from), undefined, 'social_care');
    }
    if (child) attendance(ctx, helped, good, after);
    if (ep.service.level === 'youth' && ep.subject === p) youthMeasures(ctx);
  }
  // A step up to social care at closure.
  for (const ep of episodes) {
    if (ep.closureReason !== 'step_up' || ep.closedOn === null) continue;
    const p = ep.subject ?? people.find((x) => x.role === 'child');
    if (!p) continue;
    const ctx: Incident = { g, familyId, p, ep };
    ev(ctx, 'social_care_referral', ep.closedOn, undefined, 'social_care');
    const next = r.weighted({ child_in_need_start: 0.5, child_protection_start: 0.2, none: 0.3 });
    if (next !== 'none') ev(ctx, next, ep.closedOn + r.int(7, 45), undefined, 'social_care');
  }
}

interface Incident {
  g: Gen;
  familyId: string;
  p: Person;
  ep: Episode;
}

function ev(c: Incident, type: string, day: number, minutes: number | undefined, source: string, detail: string | null = null, value: number | null = null) {
  return c.g.event({ type, day, minutes, familyId: c.g.rng.chance(0.9) ? c.familyId : null, personId: c.p.id, detail, value, source });
}

function incident(c: Incident, type: IncidentType, day: number) {
  const r = c.g.rng;
  const at = c.g.anyMinutes();
  switch (type) {
    case 'missing_episode': {
      const hours = r.int(2, 60);
      ev(c, type, day, at, 'police', c.p.lookedAfter && r.chance(0.5) ? 'from_care' : 'from_home', r.chance(0.7) ? hours : null);
      // Found some hours later; a return home interview due within 72 hours of being found.
      let t = day * 1440 + at + hours * 60;
      if (t % 1440 < 7 * 60) t += 7 * 60 - (t % 1440);
      const foundDay = Math.floor(t / 1440);
      if (!ev(c, 'found', foundDay, t % 1440, 'police')) return;
      const rhi = r.weighted({ on_time: 0.78, late: 0.1, none: 0.12 });
      if (rhi === 'none') return;
      // Moving a night-time interview to the morning adds at most 7 hours, so 60 stays inside 72.
      let u = t + (rhi === 'on_time' ? r.int(4 * 60, 60 * 60) : r.int(73 * 60, 200 * 60));
      if (u % 1440 < 7 * 60) u += 7 * 60 - (u % 1440);
      ev(c, 'return_home_interview', Math.floor(u / 1440), u % 1440, 'case_system', r.chance(0.85) ? 'completed' : 'declined');
      return;
    }
    case 'offence': {
      const group = r.weighted({ violence: 0.25, theft: 0.2, criminal_damage: 0.15, drugs_pwits: 0.08, knife_possession: 0.07, robbery: 0.05, other: 0.2 });
      ev(c, type, day, at, 'police', group);
      if (r.chance(0.4)) ev(c, 'arrest', day, Math.min(at + r.int(10, 180), 23 * 60 + 59), 'police');
      const age = ageAt(c.p, day) ?? 30;
      if (age >= 18) return;
      const outcome = r.weighted({ oocd: 0.35, court: 0.25, none: 0.4 });
      if (outcome === 'oocd') {
        ev(c, 'out_of_court_disposal', day + r.int(10, 60), c.g.officeMinutes(), 'youth_justice', r.weighted({ community_resolution: 0.5, youth_caution: 0.3, ycc: 0.2 }));
      } else if (outcome === 'court') {
        const d = nextWorkingDay(day + r.int(30, 150));
        const sentence = r.weighted({ referral_order: 0.35, yro: 0.2, dto: 0.05, discharge: 0.2, fine: 0.2 });
        ev(c, 'court_outcome', d, c.g.officeMinutes(), 'youth_justice', sentence);
        if (sentence === 'dto') ev(c, 'custody', d, c.g.officeMinutes(), 'youth_justice', 'sentence');
        else if (r.chance(0.03)) ev(c, 'custody', day + 1, c.g.officeMinutes(), 'youth_justice', 'remand');
      }
      return;
    }
    case 'asb_incident':
      ev(c, type, day, at, 'police', r.weighted({ level_1: 0.5, level_2: 0.25, level_3: 0.1, abc: 0.1, cbo: 0.05 }));
      return;
    case 'arrest':
      ev(c, type, day, at, 'police');
      return;
    case 'exclusion': {
      const permanent = r.chance(0.03);
      ev(c, type, nextWorkingDay(day), undefined, 'education', permanent ? 'permanent' : 'suspension', permanent ? null : r.int(1, 5));
      return;
    }
    case 'social_care_referral':
      ev(c, type, day, undefined, 'social_care');
      if (r.chance(0.25)) ev(c, 'child_in_need_start', day + r.int(10, 45), undefined, 'social_care');
      return;
    case 'camhs_referral':
      ev(c, type, day, c.g.officeMinutes(), 'health');
      return;
    case 'domestic_abuse_incident':
      ev(c, type, day, at, 'police', r.weighted({ standard: 0.6, medium: 0.3, high: 0.1 }));
      return;
  }
}

/** The last day of each school term, with its term code. */
function terms(from: number, to: number): [number, string][] {
  const out: [number, string][] = [];
  for (let y = year(from) - 1; y <= year(to); y++) {
    for (const [m, d, name, codeYear] of [[3, 28, 'spring', y], [7, 18, 'summer', y], [12, 18, 'autumn', y]] as const) {
      const day = dayOf(y, m, d);
      if (day >= from && day <= to) out.push([day, `${codeYear}-${name}`]);
    }
  }
  return out;
}

/** Termly attendance for school-age children: a year either side of the episode. */
function attendance(c: Incident, helped: boolean, good: boolean, after: number) {
  const r = c.g.rng;
  const { ep, p } = c;
  const youth = ep.service.level === 'youth';
  const level = Math.min(99, r.normal(youth ? 80 : 86, youth ? 9 : 6));
  const gainAfter = good ? 3 + 8 * (1 - after) : helped ? r.normal(1.5, 2) : r.normal(0.5, 2);
  const end = Math.min(c.g.today, addMonths(ep.closedOn ?? c.g.today, 12));
  for (const [day, term] of terms(addMonths(ep.referral, -12), end)) {
    const age = ageAt(p, dayOf(year(day) - (month(day) < 9 ? 1 : 0), 8, 31));
    if (age === null || age < 5 || age > 15) continue;
    const phase = day < ep.referral ? -1.5 : ep.closedOn === null || day <= ep.closedOn ? 0 : gainAfter;
    const pct = Math.min(100, Math.max(0, r.normal(level + phase, 4)));
    ev(c, 'school_attendance', day, undefined, 'education', term, Math.round(pct * 10) / 10);
  }
}

const tiers = ['low', 'medium', 'high'] as const;

/** Exploitation screening and EET status for the young person a youth service works with. */
function youthMeasures(c: Incident) {
  const r = c.g.rng;
  const { ep, p } = c;
  const start = ep.allocatedOn ?? ep.decisionOn ?? ep.referral;
  const end = Math.min(ep.closedOn ?? c.g.today, c.g.today);
  let tier = Number(r.weighted({ 0: 0.3, 1: 0.45, 2: 0.25 }));
  const screen = (day: number) => ev(c, 'exploitation_screening', day, c.g.officeMinutes(), 'case_system', tiers[tier]);
  const step = () => {
    const gain = ep.allocatedOn === null || notAllocated(ep) ? 0.25 : ep.gain;
    if (r.chance(gain * 0.5)) tier = Math.max(0, tier - 1);
    else if (r.chance((1 - gain) * 0.2)) tier = Math.min(2, tier + 1);
  };
  if (ep.allocatedOn === null) {
    // Not allocated: screened at referral and, for some, again by the front door later.
    screen(nextWorkingDay(ep.referral + r.int(0, 10)));
    if (r.chance(0.5)) {
      step();
      screen(nextWorkingDay(ep.referral + r.int(150, 300)));
    }
  } else {
    screen(nextWorkingDay(start + r.int(0, 21)));
    for (let d = start + r.int(80, 100); d < end; d += r.int(80, 100)) {
      step();
      screen(nextWorkingDay(d));
    }
    if (ep.closedOn !== null) {
      step();
      screen(ep.closedOn);
    }
  }
  const age = ageAt(p, start) ?? 0;
  if (age >= 16 && ep.allocatedOn !== null) {
    ev(c, 'eet_status', start + r.int(0, 30), c.g.officeMinutes(), 'case_system', r.weighted({ eet: 0.45, neet: 0.45, unknown: 0.1 }));
    if (ep.closedOn !== null) {
      const eet = 0.3 + 0.6 * ep.gain;
      ev(c, 'eet_status', ep.closedOn, c.g.officeMinutes(), 'case_system', r.weighted({ eet, neet: 1 - eet, unknown: 0.05 }));
    }
  }
}
