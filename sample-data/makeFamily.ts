// One family's whole story: members, one or more episodes (concurrent youth work or a
// re-referral for some), what practitioners record, readings, needs, and what partners
// record before and after. Everything is drawn from the family's own random stream.
import { localities, serviceSettings, type ServiceCode } from './setting.ts';
import { nextWorkingDay } from './days.ts';
import type { Gen } from './Gen.ts';
import { makeEpisode, type Episode } from './makeEpisode.ts';
import { ageAt, makePeople, type Person } from './makePeople.ts';
import { needs, type Headline } from './needs.ts';
import { partnerEvents } from './partnerEvents.ts';
import { practiceEvents } from './practiceEvents.ts';
import { readings } from './readings.ts';

const shares = Object.fromEntries(Object.values(serviceSettings).map((s) => [s.code, s.share])) as Record<ServiceCode, number>;
const localityWeights = Object.fromEntries(localities.map((l) => [l.name, l.weight])) as Record<string, number>;

export function makeFamily(g: Gen, index: number) {
  g.startFamily(index);
  const r = g.rng;
  const familyId = `F${index + 1}`;
  const locality = r.weighted(localityWeights);
  const district = localities.find((l) => l.name === locality)!.district;
  const deprived = r.weighted({ 1: 0.2, 2: 0.17, 3: 0.14, 4: 0.12, 5: 0.1, 6: 0.08, 7: 0.07, 8: 0.05, 9: 0.04, 10: 0.03 });
  g.sink.write('families', {
    family_id: familyId,
    locality,
    district: r.chance(0.05) ? null : district,
    imd_decile: r.chance(0.04) ? null : Number(deprived),
  });

  const primary = r.weighted(shares);
  const span = g.today - g.firstReferral;
  const referral = Math.min(g.today, nextWorkingDay(g.firstReferral + r.int(0, span)));
  const youthFirst = serviceSettings[primary].level === 'youth';
  const people = makePeople(g, familyId, referral, youthFirst || r.chance(0.3), !youthFirst && r.chance(0.04));
  const teenAt = (day: number) => people.find((p) => p.role === 'child' && (ageAt(p, day) ?? -1) >= 10 && (ageAt(p, day) ?? 99) <= 17) ?? null;

  const episodes: Episode[] = [];
  const headlines = new Set<Headline>();
  const open = (code: ServiceCode, day: number) => {
    if (day > g.today) return null;
    let subject: Person | null = null;
    if (serviceSettings[code].level === 'youth') {
      subject = teenAt(day);
      if (!subject) code = 'SF';
    }
    const ep = makeEpisode(g, familyId, locality, code, day, subject);
    episodes.push(ep);
    const { assessedOn } = practiceEvents(g, ep);
    readings(g, ep, people, assessedOn);
    for (const h of needs(g, ep, people, assessedOn)) headlines.add(h);
    return ep;
  };

  const first = open(primary, referral)!;
  // Youth work alongside family work (or the reverse) for some families.
  if (r.chance(0.12)) {
    const other: ServiceCode = youthFirst ? r.weighted({ SF: 0.6, FIT: 0.4 }) : r.weighted({ TYSS: 0.5, YOS: 0.3, YIT: 0.2 });
    open(other, nextWorkingDay(referral + r.int(0, 150)));
  }
  // A re-referral some months after the first episode ended: a new episode.
  const ended = first.closedOn;
  if (ended !== null && r.chance(0.22)) {
    const again: ServiceCode = r.chance(0.6) ? first.service.code : r.weighted({ SF: 0.4, FIT: 0.3, EH: 0.3 });
    open(again, nextWorkingDay(ended + r.int(30, 365)));
  }
  partnerEvents(g, familyId, people, episodes, headlines);
}
