// Family members. Ages are set against the family's first referral so that youth
// services always have a young person of 10-17 to work with.
import { firstOfMonth, monthString } from './days.ts';
import type { Gen } from './Gen.ts';

export interface Person {
  id: string;
  role: 'child' | 'parent' | 'carer' | 'other_adult' | 'unborn';
  /** First day of the birth month; null for the unborn and the few children with no date. */
  birth: number | null;
  sex: 'female' | 'male' | 'other' | 'unknown';
  lookedAfter: boolean;
}

const YEAR = 365.25;

export function ageAt(p: Person, day: number): number | null {
  return p.birth === null ? null : Math.floor((day - p.birth) / YEAR);
}

const bool = (v: boolean, style: 'tf' | 'yn') => (style === 'tf' ? (v ? 'true' : 'false') : v ? 'yes' : 'no');

export function makePeople(g: Gen, familyId: string, refDay: number, withTeen: boolean, withUnborn: boolean): Person[] {
  const r = g.rng;
  const people: Person[] = [];
  const ethnicity = r.weighted({ white: 0.86, asian: 0.05, mixed: 0.04, black: 0.02, other: 0.01, unknown: 0.02 });
  const born = (ageYears: number) => {
    const d = Math.floor(refDay - ageYears * YEAR - r.int(0, 364));
    return Math.min(firstOfMonth(d), firstOfMonth(refDay));
  };
  const add = (role: Person['role'], birth: number | null, sex: Person['sex']) => {
    const child = role === 'child';
    const p: Person = { id: g.nextId('person'), role, birth, sex, lookedAfter: child && r.chance(0.03) };
    people.push(p);
    g.sink.write('people', {
      person_id: p.id,
      family_id: familyId,
      role,
      birth_month: birth === null ? null : monthString(birth),
      sex: role === 'unborn' ? null : sex,
      ethnicity: role === 'unborn' ? null : r.chance(0.03) ? null : ethnicity,
      send: child ? (r.chance(0.1) ? null : bool(r.chance(0.18), 'tf')) : null,
      looked_after: child ? bool(p.lookedAfter, 'yn') : null,
    });
    return p;
  };
  const sexOf = (): Person['sex'] => r.weighted({ female: 0.49, male: 0.49, other: 0.005, unknown: 0.015 });

  const mumAge = r.int(21, 50);
  add('parent', born(mumAge), 'female');
  const second = r.weighted({ parent: 0.5, carer: 0.05, other_adult: 0.07, none: 0.38 });
  if (second !== 'none') add(second, born(r.int(20, 58)), second === 'parent' ? 'male' : sexOf());

  const kids = r.weighted({ 1: 0.3, 2: 0.35, 3: 0.22, 4: 0.13 });
  const maxAge = Math.min(17, mumAge - 16);
  for (let i = 0; i < Number(kids); i++) {
    const teen = withTeen && i === 0;
    const age = teen ? r.int(10, Math.max(10, Math.min(17, maxAge))) : r.int(0, Math.max(0, maxAge));
    // A few records lack a birth month (unknown for age bands); never the young person a youth service works with.
    const birth = !teen && r.chance(0.01) ? null : born(age);
    add('child', birth, sexOf());
  }
  if (withUnborn) add('unborn', null, 'unknown');
  return people;
}
