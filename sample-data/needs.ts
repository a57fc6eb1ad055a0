// Supporting Families needs identified in a family episode and their dated reviews. Most
// families whose episode closed with outcomes met go on to sustained progress, shown by
// reviews 6+ months after closure; some runs break and recover, some needs are withdrawn,
// and some families end one need short ("nearly there").
import { dayString, nextWorkingDay } from './days.ts';
import type { Gen } from './Gen.ts';
import { ageAt, type Person } from './makePeople.ts';
import type { Episode } from './makeEpisode.ts';

export type Headline = 'EDU' | 'EY' | 'HEALTH' | 'SUBST' | 'REL' | 'CSAE' | 'CRIME' | 'DA' | 'HOUSE' | 'FIN';

const headlineWeights: Record<Headline, number> = {
  EDU: 0.16, EY: 0.05, HEALTH: 0.14, SUBST: 0.06, REL: 0.14, CSAE: 0.08, CRIME: 0.06, DA: 0.1, HOUSE: 0.08, FIN: 0.13,
};

const needCodes: Record<Headline, string[]> = {
  EDU: ['attendance_below_90', 'suspensions_3_in_term', 'neet_16_18'],
  EY: ['ey_development_concern', 'not_taking_up_ey_place'],
  HEALTH: ['mental_health_concern', 'physical_health_concern'],
  SUBST: ['adult_substance_misuse', 'child_substance_misuse'],
  REL: ['parental_conflict', 'parenting_support'],
  CSAE: ['missing_3_in_90_days', 'exploitation_risk', 'child_in_need'],
  CRIME: ['youth_offending', 'adult_offending', 'asb'],
  DA: ['domestic_abuse_victim', 'domestic_abuse_perpetrator'],
  HOUSE: ['homelessness_risk', 'poor_housing'],
  FIN: ['worklessness', 'problem_debt'],
};

const evidenceOf: Record<Headline, string> = {
  EDU: 'school_attendance_data', EY: 'health_visitor', HEALTH: 'health_data', SUBST: 'practitioner', REL: 'practitioner',
  CSAE: 'police_data', CRIME: 'police_data', DA: 'police_data', HOUSE: 'housing_data', FIN: 'dwp_data',
};

/** Needs about a child rather than an adult. */
const childHeadlines = new Set<Headline>(['EDU', 'EY', 'CSAE']);

type Fate = 'sustained' | 'broken' | 'met_only' | 'not_met' | 'withdrawn';

/** Writes the needs of one episode and their reviews; returns the headlines identified. */
export function needs(g: Gen, ep: Episode, people: Person[], assessedOn: number | null): Set<Headline> {
  const found = new Set<Headline>();
  if (ep.allocatedOn === null || ep.service.level !== 'family') return found;
  const r = g.rng;
  const count = Number(r.weighted({ 1: 0.08, 2: 0.14, 3: 0.3, 4: 0.26, 5: 0.13, 6: 0.09 }));
  // Weighted sampling without replacement (Efraimidis-Spirakis keys).
  const heads = (Object.keys(headlineWeights) as Headline[])
    .map((h) => ({ h, key: r.next() ** (1 / headlineWeights[h]) }))
    .sort((x, y) => y.key - x.key)
    .slice(0, count)
    .map((x) => x.h);
  const closed = ep.closedOn;
  const good = ep.closureReason === 'outcomes_met' && r.chance(0.8);
  // "Nearly there": one need left short in a family otherwise on track.
  const nearly = good && r.chance(0.2) ? r.int(0, heads.length - 1) : -1;
  const identified = (assessedOn ?? ep.allocatedOn + r.int(7, 42));
  const children = people.filter((p) => p.role === 'child');
  const adults = people.filter((p) => p.role !== 'child' && p.role !== 'unborn');

  heads.forEach((h, i) => {
    const on = identified + (i < 3 ? r.int(0, 10) : r.int(0, 60));
    if (on > g.today || (closed !== null && on > closed)) return;
    found.add(h);
    const needId = g.nextId('need');
    const young = children.filter((c) => (ageAt(c, on) ?? 99) < 5);
    const who = h === 'EY' ? (young[0] ?? children[0]) : childHeadlines.has(h) ? r.pick(children) : h === 'REL' || h === 'HOUSE' || h === 'FIN' ? null : r.pick(adults);
    g.sink.write('family_needs', {
      need_id: needId,
      family_id: ep.familyId,
      episode_id: r.chance(0.97) ? ep.id : null,
      headline: h,
      need_code: r.chance(0.9) ? r.pick(needCodes[h]) : null,
      identified_on: dayString(on),
      person_id: who?.id ?? null,
    });

    let fate: Fate;
    if (r.chance(0.06)) fate = 'withdrawn';
    else if (good && i !== nearly) fate = r.chance(0.15) ? 'broken' : 'sustained';
    else if (good) fate = r.weighted({ met_only: 0.5, not_met: 0.5 });
    else fate = r.weighted({ sustained: closed === null ? 0 : 0.15, met_only: 0.25, not_met: 0.6 });
    reviews(g, needId, h, on, ep, fate);
  });
  return found;
}

function reviews(g: Gen, needId: string, h: Headline, identifiedOn: number, ep: Episode, fate: Fate) {
  const r = g.rng;
  const end = Math.min(ep.closedOn ?? g.today, g.today);
  const during: number[] = [];
  for (let d = nextWorkingDay(identifiedOn + r.int(30, 70)); d <= end; d = nextWorkingDay(d + r.int(56, 100))) during.push(d);
  // Reviews after closure: at about 3, 6-7 and 12 months, the evidence for "sustained".
  const after = ep.closedOn === null ? [] : [r.int(80, 110), r.int(186, 215), r.int(360, 400)].map((n) => nextWorkingDay(ep.closedOn! + n));

  const statuses: string[] = [];
  const metFrom = Math.max(1, Math.floor(during.length * 0.6));
  const progressing = (k: number) => (k === 0 ? r.weighted({ no_progress: 0.6, some_progress: 0.4 }) : r.weighted({ some_progress: 0.75, no_progress: 0.15, worse: 0.1 }));
  for (let k = 0; k < during.length; k++) {
    if (fate === 'not_met' || fate === 'withdrawn') statuses.push(progressing(k));
    else statuses.push(k >= metFrom || (k > 0 && k === during.length - 1) ? 'met' : progressing(k));
  }
  if (fate === 'broken' && during.length >= 3 && r.chance(0.5)) statuses[during.length - 2] = 'worse';
  const post: string[] = [];
  switch (fate) {
    case 'sustained':
      post.push('met', 'sustained', 'sustained');
      break;
    case 'broken':
      post.push(during.length >= 3 && statuses[during.length - 2] === 'worse' ? 'met' : 'worse', 'met', 'sustained');
      break;
    case 'met_only':
      post.push('met', 'some_progress');
      break;
    case 'not_met':
      post.push(r.weighted({ some_progress: 0.5, no_progress: 0.3, worse: 0.2 }));
      break;
    case 'withdrawn':
      break;
  }
  const all: [number, string][] = during.map((d, k) => [d, statuses[k]]);
  after.forEach((d, k) => {
    if (k < post.length) all.push([d, post[k]]);
  });
  // Withdrawn: the need stops being relevant; its last review says so.
  if (fate === 'withdrawn') all.push([nextWorkingDay((all.length ? all[all.length - 1][0] : identifiedOn) + r.int(20, 90)), 'withdrawn']);
  let last = identifiedOn;
  for (const [d, status] of all) {
    if (d > g.today || d <= last) continue;
    last = d;
    g.sink.write('need_reviews', { need_id: needId, reviewed_on: dayString(d), status, evidence: r.chance(0.85) ? evidenceOf[h] : null });
  }
}
