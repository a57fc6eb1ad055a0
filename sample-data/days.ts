// Dates as whole days since 1970-01-01 (UTC calendar days, no zone): integer arithmetic
// is fast and a calendar date never shifts with the machine's time zone.
import { bankHolidays } from './bankHolidays.ts';

const MS_PER_DAY = 86_400_000;

export function toDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function dayOf(y: number, month1: number, d: number): number {
  return Math.floor(Date.UTC(y, month1 - 1, d) / MS_PER_DAY);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

// Formatting dominates the cost of writing millions of rows: cache the era's days.
const CACHE_FROM = toDay('1995-01-01');
const CACHE_TO = toDay('2035-12-31');
const cache: string[] = [];

export function dayString(day: number): string {
  if (day >= CACHE_FROM && day <= CACHE_TO) {
    const hit = cache[day - CACHE_FROM];
    if (hit !== undefined) return hit;
  }
  const dt = new Date(day * MS_PER_DAY);
  const s = `${dt.getUTCFullYear()}-${pad2(dt.getUTCMonth() + 1)}-${pad2(dt.getUTCDate())}`;
  if (day >= CACHE_FROM && day <= CACHE_TO) cache[day - CACHE_FROM] = s;
  return s;
}

/** 'YYYY-MM' of a day. */
export function monthString(day: number): string {
  return dayString(day).slice(0, 7);
}

/** 'YYYY-MM-DDTHH:MM:SS' for a day and minutes after midnight (local time, no zone). */
export function timestampString(day: number, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${dayString(day)}T${pad2(h)}:${pad2(m)}:00`;
}

/** 'YYYY-MM-DD HH:MM', the other spelling partners' systems use. */
export function timestampSpaced(day: number, minutes: number): string {
  return `${dayString(day)} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

export function year(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Month 1-12. */
export function month(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

export function firstOfMonth(day: number): number {
  const dt = new Date(day * MS_PER_DAY);
  return dayOf(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 1);
}

export function addMonths(day: number, n: number): number {
  const dt = new Date(day * MS_PER_DAY);
  return Math.floor(Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + n, dt.getUTCDate()) / MS_PER_DAY);
}

const holidays = new Set(bankHolidays.map(toDay));

export function isWorkingDay(day: number): boolean {
  // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sundays, 6 on Saturdays.
  const dow = (((day + 4) % 7) + 7) % 7;
  return dow !== 0 && dow !== 6 && !holidays.has(day);
}

/** The day itself when it is a working day, else the next working day. */
export function nextWorkingDay(day: number): number {
  while (!isWorkingDay(day)) day++;
  return day;
}

/** `n` working days after `day` (n = 0: the next working day on or after it). */
export function addWorkingDays(day: number, n: number): number {
  let d = nextWorkingDay(day);
  for (let i = 0; i < n; i++) d = nextWorkingDay(d + 1);
  return d;
}

/** The day itself when it is a working day, else the working day before. */
export function prevWorkingDay(day: number): number {
  while (!isWorkingDay(day)) day--;
  return day;
}

/**
 * A working day near `day` that is still on or before `due`: work planned inside a
 * timescale is recorded inside it even when the planned day falls on a weekend.
 */
export function workingDayBy(day: number, due: number): number {
  const next = nextWorkingDay(day);
  return next <= due ? next : prevWorkingDay(day);
}
