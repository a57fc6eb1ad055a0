// Distance-travelled readings (Outcome Stars, GCP2, Family Circle) every 8-12 weeks
// while an episode is open. Scores improve on average with the episode's gain, with real
// spread: some areas and some families get worse. Scales, areas and direction come from
// the seed tool_areas.csv, so a tool added there is generated without code changes here.
import { toolAreas, type ToolArea } from '../pipeline/contract/codes.ts';
import { dayString, nextWorkingDay } from './days.ts';
import type { Gen } from './Gen.ts';
import { ageAt, type Person } from './makePeople.ts';
import type { Episode } from './makeEpisode.ts';

const areasOf = new Map<string, ToolArea[]>();
for (const t of toolAreas) areasOf.set(t.tool, [...(areasOf.get(t.tool) ?? []), t]);

const sustainedCodes = new Set(['significant_and_sustained', 'partial_significant_and_sustained']);

/** The tools a service uses, and for whom (null person = a family-level reading). */
function toolsFor(g: Gen, ep: Episode, people: Person[]): { tool: string; person: Person | null }[] {
  const r = g.rng;
  const out: { tool: string; person: Person | null }[] = [];
  const at = ep.allocatedOn!;
  const childAged = (lo: number, hi: number) =>
    people.find((p) => p.role === 'child' && (ageAt(p, at) ?? -1) >= lo && (ageAt(p, at) ?? -1) <= hi) ?? null;
  switch (ep.service.code) {
    case 'FIT': {
      if (r.chance(0.85)) out.push({ tool: 'family_star_plus', person: null });
      const young = childAged(0, 9);
      if (young && r.chance(0.25)) out.push({ tool: 'gcp2', person: young });
      const middle = childAged(8, 15);
      if (middle && r.chance(0.2)) out.push({ tool: 'my_star', person: middle });
      break;
    }
    case 'SF':
      if (r.chance(0.9)) out.push({ tool: 'family_circle', person: null });
      if (r.chance(0.15)) out.push({ tool: 'family_star_plus', person: null });
      break;
    case 'EH':
      if (r.chance(0.5)) out.push({ tool: 'family_star_plus', person: null });
      break;
    case 'YIT':
    case 'TYSS': {
      const tool = r.weighted({ youth_star: 0.45, teen_star: 0.4, none: 0.15 });
      if (tool !== 'none') out.push({ tool, person: ep.subject });
      break;
    }
    case 'YOS':
      if (r.chance(0.15)) out.push({ tool: 'youth_star', person: ep.subject });
      break;
  }
  return out.filter((t) => areasOf.has(t.tool));
}

/** Family Circle progress judgement of an area against its first reading. */
function progressOf(change: number, previousChange: number): string {
  if (change >= 3 && previousChange >= 2) return 'significant_and_sustained';
  if (change >= 2) return 'significant';
  if (change >= 1) return 'some_progress';
  return 'no_progress';
}

export function readings(g: Gen, ep: Episode, people: Person[], assessedOn: number | null) {
  if (ep.allocatedOn === null) return;
  const r = g.rng;
  const a = ep.allocatedOn;
  const end = Math.min(ep.closedOn ?? g.today, g.today);
  const late = () => r.chance(ep.team.lateness);
  for (const { tool, person } of toolsFor(g, ep, people)) {
    const areas = areasOf.get(tool)!;
    const circle = tool === 'family_circle';
    // SF: first Family Circle within 56 days of allocation and every 56 days after.
    const days: number[] = [];
    let d = circle ? (late() ? a + r.int(57, 80) : a + r.int(14, 54)) : (assessedOn ?? a + r.int(14, 45));
    while (d <= end) {
      days.push(d);
      d = nextWorkingDay(d + (circle ? (late() ? r.int(57, 90) : r.int(35, 54)) : r.int(56, 84)));
    }
    // A last reading at closure when the final one is some weeks old.
    if (ep.closedOn !== null && days.length && ep.closedOn - days[days.length - 1] > 28 && r.chance(0.7)) days.push(ep.closedOn);
    if (!days.length) continue;

    const editionPlan = circle || tool === 'gcp2' ? 'none' : r.weighted({ one: 0.93, two: 0.05, switch: 0.02 });
    const { scale_min: lo, scale_max: hi, better } = areas[0];
    const span = hi - lo;
    // Per-reading drift in share of the scale: positive on average, larger for families who gained.
    const drift = r.normal(-0.01 + 0.09 * ep.gain, 0.04);
    const perArea = areas.map(() => ({ start: Math.min(0.85, Math.max(0, r.normal(0.32, 0.15))), slope: r.normal(drift, 0.035) }));
    const scores: number[][] = days.map((_, k) =>
      perArea.map(({ start, slope }) => {
        const pos = Math.min(1, Math.max(0, start + slope * k + r.normal(0, 0.05)));
        const score = lo + Math.round(pos * span);
        return better === 'higher' ? score : hi - (score - lo);
      }),
    );

    let progress: (string | null)[][] = [];
    if (circle) {
      const relevant = areas.map(() => r.chance(0.85));
      progress = scores.map((row, k) =>
        row.map((s, i) => (k === 0 || !relevant[i] ? null : progressOf(s - scores[0][i], k > 1 ? scores[k - 1][i] - scores[0][i] : 0))),
      );
      // Closure route: most outcomes_met closures end on two readings of sustained progress, some on one.
      if (ep.closureReason === 'outcomes_met' && days.length >= 2) {
        const route = r.weighted({ two: 0.55, one: 0.25, none: 0.2 });
        const last = progress.length - 1;
        const sustain = (k: number) => {
          progress[k] = progress[k].map((p, i) => (p === null ? (relevant[i] ? 'significant_and_sustained' : null) : sustainedCodes.has(p) ? p : r.chance(0.8) ? 'significant_and_sustained' : 'partial_significant_and_sustained'));
        };
        const breakIt = (k: number) => {
          const i = progress[k].findIndex((p) => p !== null);
          if (i >= 0) progress[k][i] = 'significant';
          else progress[k][0] = 'some_progress';
        };
        if (route === 'two') {
          sustain(last);
          if (last >= 1) sustain(last - 1);
        } else if (route === 'one') {
          sustain(last);
          if (last >= 1) breakIt(last - 1);
        } else breakIt(last);
      }
    }

    for (let k = 0; k < days.length; k++) {
      const id = g.nextId('assessment');
      const edition = editionPlan === 'none' ? null : editionPlan === 'two' || (editionPlan === 'switch' && k >= days.length / 2) ? '2' : '1';
      const retrospective = r.chance(0.03) ? 'true' : r.chance(0.5) ? 'false' : null;
      const completedBy = r.weighted({ worker_and_family: 0.8, worker: 0.15, family: 0.05 });
      const on = dayString(days[k]);
      for (let i = 0; i < areas.length; i++) {
        g.sink.write('assessments', {
          assessment_id: id,
          episode_id: ep.id,
          person_id: person?.id ?? null,
          tool,
          edition,
          assessed_on: on,
          completed_by: completedBy,
          retrospective,
          area: areas[i].area,
          score: scores[k][i],
          progress: circle ? progress[k][i] : null,
        });
      }
    }
  }
}
