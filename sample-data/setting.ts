// The imaginary authority the sample describes: a unitary council with four localities,
// its services, and the practice standards the generator aims at (mostly met, some late),
// taken from spec/indicators.md so the indicators have something to find.
import { codes, services } from '../pipeline/contract/codes.ts';

export const authority = 'Telford and Wrekin (synthetic sample)';
export const defaultExtractedOn = '2025-06-30';
/** Years of referrals before extracted_on. */
export const yearsOfWork = 3;

export const localities = [
  { name: 'Hadley Castle', district: 'Telford North', weight: 0.3 },
  { name: 'Wellington', district: 'Wrekin', weight: 0.25 },
  { name: 'Madeley', district: 'Telford South', weight: 0.25 },
  { name: 'Oakengates', district: 'Telford East', weight: 0.2 },
] as const;

export type ServiceCode = 'FIT' | 'YIT' | 'SF' | 'TYSS' | 'YOS' | 'EH';

/** Clocks for the practice standards, as in spec/indicators.md section 3. */
export interface ServiceSetting {
  code: ServiceCode;
  /** Family services work with the whole family; youth services with one young person. */
  level: 'family' | 'youth';
  /** Share of first referrals. */
  share: number;
  firstContactWorkingDays: number;
  assessment: { days: number; working: boolean };
  closureSummaryDays: number;
  /** Services that keep a waiting list (the waiting_list_review standard applies). */
  waitingList: boolean;
  /** Months a typical allocated episode stays open. */
  medianMonths: number;
  assessmentDetail: Record<string, number>;
  referralSources: Record<string, number>;
}

const familySources = { front_door: 0.45, step_down: 0.15, school: 0.15, health: 0.1, police: 0.05, self: 0.05, other: 0.05 };
const youthSources = { front_door: 0.3, school: 0.25, police: 0.2, health: 0.05, self: 0.05, step_down: 0.05, other: 0.1 };

export const serviceSettings: Record<ServiceCode, ServiceSetting> = {
  FIT: {
    code: 'FIT', level: 'family', share: 0.25, firstContactWorkingDays: 5, assessment: { days: 45, working: false },
    closureSummaryDays: 28, waitingList: true, medianMonths: 7,
    assessmentDetail: { eha: 0.6, family_solutions: 0.35, social_work: 0.05 }, referralSources: familySources,
  },
  SF: {
    code: 'SF', level: 'family', share: 0.3, firstContactWorkingDays: 2, assessment: { days: 42, working: false },
    closureSummaryDays: 7, waitingList: false, medianMonths: 6,
    assessmentDetail: { eha: 0.85, family_solutions: 0.15 }, referralSources: familySources,
  },
  YIT: {
    code: 'YIT', level: 'youth', share: 0.13, firstContactWorkingDays: 5, assessment: { days: 45, working: false },
    closureSummaryDays: 28, waitingList: true, medianMonths: 6,
    assessmentDetail: { eha: 0.9, asset_plus: 0.1 }, referralSources: youthSources,
  },
  TYSS: {
    code: 'TYSS', level: 'youth', share: 0.14, firstContactWorkingDays: 5, assessment: { days: 45, working: false },
    closureSummaryDays: 28, waitingList: false, medianMonths: 5,
    assessmentDetail: { eha: 1 }, referralSources: youthSources,
  },
  YOS: {
    code: 'YOS', level: 'youth', share: 0.08, firstContactWorkingDays: 5, assessment: { days: 15, working: true },
    closureSummaryDays: 28, waitingList: false, medianMonths: 9,
    assessmentDetail: { asset_plus: 1 }, referralSources: { police: 0.6, front_door: 0.2, other: 0.2 },
  },
  EH: {
    code: 'EH', level: 'family', share: 0.1, firstContactWorkingDays: 5, assessment: { days: 45, working: false },
    closureSummaryDays: 28, waitingList: false, medianMonths: 5,
    assessmentDetail: { eha: 1 }, referralSources: familySources,
  },
};

// The generator's services must be codes of the contract (the seed services.csv).
for (const s of Object.keys(serviceSettings)) {
  if (!(codes.service as readonly string[]).includes(s)) throw new Error(`service ${s} is not in models/seeds/services.csv`);
}

export function defaultCaseloadLimit(service: string): number {
  return services.find((s) => s.service === service)?.caseload_limit ?? 12;
}

export const teamName = (service: string, locality: string) => `${service} ${locality}`;
