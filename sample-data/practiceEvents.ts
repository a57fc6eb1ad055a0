// What the service records while it works an episode: contacts, assessment, plan, TAF
// meetings and reviews, supervision and oversight, closure summary and feedback. Each
// timescale is met most of the time; the team's lateness decides how often it slips.
import { addWorkingDays, nextWorkingDay, workingDayBy } from './days.ts';
import type { Gen } from './Gen.ts';
import type { Episode } from './makeEpisode.ts';

export interface PracticeDates {
  assessedOn: number | null;
}

const familyChannels = { home_visit: 0.36, face_to_face: 0.18, phone: 0.22, school_visit: 0.08, text: 0.1, video: 0.06 };
const youthChannels = { face_to_face: 0.38, school_visit: 0.18, home_visit: 0.1, phone: 0.18, text: 0.12, video: 0.04 };
const programmes = { incredible_years: 0.4, nvr: 0.3, freedom: 0.2, triple_p: 0.1 };
const attemptChannels = { phone: 0.55, text: 0.3, letter: 0.05, visit: 0.1 };

export function practiceEvents(g: Gen, ep: Episode): PracticeDates {
  const r = g.rng;
  const s = ep.service;
  const late = () => r.chance(ep.team.lateness);
  const workerId = ep.worker?.id ?? null;
  const personId = ep.subject?.id ?? null;
  const ev = (type: string, day: number, detail: string | null = null, value: number | null = null, worker = workerId) =>
    g.event({
      type, day, minutes: g.officeMinutes(), episodeId: ep.id, familyId: ep.familyId, personId, workerId: worker, detail, value,
      source: r.chance(0.5) ? 'case_system' : null,
    });

  // Waiting list: reviewed every 14 days from the decision until allocated (or withdrawn, or today).
  if (ep.decision === 'waiting_list' && ep.decisionOn !== null) {
    const until = Math.min(ep.allocatedOn ?? ep.closedOn ?? g.today, g.today);
    let prev = ep.decisionOn;
    for (;;) {
      const day = late() ? nextWorkingDay(prev + r.int(15, 30)) : workingDayBy(prev + r.int(7, 14), prev + 14);
      if (day >= until) break;
      ev('waiting_list_review', day, null, null, null);
      prev = day;
    }
  }
  if (ep.allocatedOn === null) return { assessedOn: null };

  const a = ep.allocatedOn;
  const end = Math.min(ep.closedOn ?? g.today, g.today);
  /** A practice event inside the episode: on a working day, not after it closed. */
  const during = (type: string, day: number, detail: string | null = null, value: number | null = null) => {
    const d = nextWorkingDay(day);
    if (d <= end) ev(type, d, detail, value);
    return d <= end;
  };
  const youth = ep.service.level === 'youth';
  const contact = (day: number, channel: string) => {
    const minutes = channel === 'text' ? null : channel === 'phone' ? r.int(5, 40) : r.chance(0.85) ? r.int(30, 120) : null;
    during('contact', day, channel, minutes);
  };
  const disengaging = ep.closureReason === 'disengaged' || ep.closureReason === 'declined';

  // First contact: 5 working days (2 for SF) from allocation.
  const limit = s.firstContactWorkingDays;
  const first = addWorkingDays(a, late() ? r.int(limit + 1, limit + 10) : r.int(0, limit));
  if (r.chance(0.35)) {
    for (let i = r.int(1, 3), d = a; i > 0 && d < first; i--, d = nextWorkingDay(d + 1)) during('contact_attempt', d, r.weighted(attemptChannels));
  }
  const firstChannel: string = youth
    ? r.weighted({ face_to_face: 0.5, phone: 0.3, school_visit: 0.2 })
    : r.weighted({ home_visit: 0.5, phone: 0.35, face_to_face: 0.15 });
  contact(first, firstChannel);
  let firstFaceToFace = first;
  if (firstChannel !== 'home_visit' && firstChannel !== 'face_to_face') {
    // SF: a first visit within 7 days of allocation.
    firstFaceToFace = late() ? nextWorkingDay(Math.max(first + 1, a + r.int(8, 20))) : workingDayBy(Math.max(first + 1, a + r.int(1, 7)), a + 7);
    if (firstFaceToFace <= first) firstFaceToFace = nextWorkingDay(first + 1);
    contact(firstFaceToFace, youth ? 'face_to_face' : 'home_visit');
  }
  for (let d = firstFaceToFace + r.int(3, 10); d <= end; d += disengaging ? r.int(10, 25) : r.int(5, 14)) {
    if (disengaging && r.chance(0.4)) during('contact_attempt', d, r.weighted(attemptChannels));
    else contact(d, r.weighted(youth ? youthChannels : familyChannels));
  }

  // Management oversight after allocation (15 days for FIT/YIT), then every couple of months.
  const firstOversight = late() ? a + r.int(16, 45) : workingDayBy(a + r.int(2, 15), a + 15);
  for (let d = firstOversight; d <= end; d += r.int(45, 110)) during('management_oversight', d);
  // Cases open past a year need a manager's long case review within 28 days.
  if (end - a > 365) during('management_oversight', late() ? a + 365 + r.int(29, 70) : workingDayBy(a + 365 + r.int(0, 27), a + 393));
  // Case supervision: first within 28 days, then roughly monthly.
  const firstSupervision = late() ? a + r.int(29, 50) : workingDayBy(a + r.int(5, 28), a + 28);
  for (let d = firstSupervision; d <= end; d += late() ? r.int(43, 70) : r.int(21, 42)) during('case_supervision', d);

  // Assessment: 45 days (42 SF; 15 working days YOS); a few never done.
  let assessedOn: number | null = null;
  if (!r.chance(ep.team.lateness * 0.3 + (disengaging ? 0.3 : 0))) {
    const due = s.assessment.working ? addWorkingDays(a, s.assessment.days) : a + s.assessment.days;
    const day = late() ? nextWorkingDay(due + r.int(1, 35)) : workingDayBy(a + r.int(Math.min(7, due - a), due - a), due);
    if (during('assessment_completed', day, r.weighted(s.assessmentDetail))) {
      assessedOn = day;
      if (!r.chance(0.05)) during('plan_agreed', day + r.int(0, 14));
    }
  }

  // TAF: first within 28 days of the first face-to-face contact; reviews every 12 weeks (6 months YOS/TYSS).
  if (s.code === 'YOS' || s.code === 'TYSS') {
    for (let d = (assessedOn ?? a + 30) + r.int(60, 182); d <= end; d += late() ? r.int(183, 240) : r.int(60, 180)) during('plan_review', d);
  } else {
    let d = late() ? nextWorkingDay(firstFaceToFace + r.int(29, 60)) : workingDayBy(firstFaceToFace + r.int(7, 28), firstFaceToFace + 28);
    for (let n = 0; d <= end; n++) {
      during(n === 0 || r.chance(0.4) ? 'taf_meeting' : 'plan_review', d);
      d = late() ? nextWorkingDay(d + r.int(85, 130)) : workingDayBy(d + r.int(42, 82), d + 84);
    }
  }

  if (!youth && r.chance(0.15)) {
    const programme = r.weighted(programmes);
    for (let i = r.int(6, 10), d = a + r.int(30, 90); i > 0; i--, d += 7) during('group_session', d, programme, r.chance(0.8) ? 1 : 0);
  }

  if (ep.closedOn !== null) {
    const c = ep.closedOn;
    // Closure summary: 28 days (7 for SF) after closing; a few never written.
    if (!r.chance(ep.team.lateness * 0.4)) {
      const days = s.closureSummaryDays;
      ev('closure_summary', late() ? nextWorkingDay(c + r.int(days + 1, days + 40)) : workingDayBy(c + r.int(0, days), c + days));
    }
    const good = ep.closureReason === 'outcomes_met' || ep.closureReason === 'step_down';
    const rating = () => Math.round(Math.min(5, Math.max(1, r.normal(2.3 + 2.6 * ep.gain, 0.8))));
    if (r.chance(good ? 0.6 : 0.2)) ev('family_feedback', c + r.int(0, 7), 'at_closure', rating());
    if (r.chance(good ? 0.25 : 0.08)) ev('family_feedback', c + r.int(85, 100), '3_months_after', rating());
    if (r.chance(good ? 0.15 : 0.05)) ev('family_feedback', c + r.int(175, 195), '6_months_after', rating());
  }
  return { assessedOn };
}
