// State shared while generating: the extract date, id counters, teams, where rows go, and
// the current family's random stream. Everything the per-family generators need.
import type { FileName } from '../pipeline/contract/contract.ts';
import { addMonths, dayString, timestampSpaced, timestampString, toDay } from './days.ts';
import type { Team } from './makeWorkers.ts';
import { Prng } from './Prng.ts';
import type { Row } from './RowWriter.ts';

export interface Sink {
  write(file: FileName, row: Row): void;
}

export interface EventFields {
  type: string;
  day: number;
  /** Minutes after midnight; omitted for partners that send dates only. */
  minutes?: number;
  episodeId?: string | null;
  familyId?: string | null;
  personId?: string | null;
  workerId?: string | null;
  detail?: string | null;
  value?: number | string | null;
  source?: string | null;
}

export class Gen {
  rng: Prng = new Prng(0);
  /** extracted_on as a day number: nothing may happen after it. */
  readonly today: number;
  /** First day referrals can arrive. */
  readonly firstReferral: number;
  private counters = { person: 0, episode: 0, event: 0, assessment: 0, need: 0 };

  constructor(
    readonly sink: Sink,
    readonly seed: number,
    extractedOn: string,
    readonly teams: Map<string, Team>,
    years: number,
  ) {
    this.today = toDay(extractedOn);
    this.firstReferral = addMonths(this.today, -12 * years) + 1;
  }

  startFamily(index: number) {
    this.rng = Prng.forKey(this.seed, index);
  }

  nextId(kind: keyof Gen['counters']): string {
    const n = ++this.counters[kind];
    switch (kind) {
      case 'person':
        return `P${n}`;
      case 'episode':
        return `E${n}`;
      case 'event':
        return `EV${n}`;
      case 'assessment':
        return `A${n}`;
      case 'need':
        return `N${n}`;
    }
  }

  /**
   * Writes one event unless it would fall after the extract date (it has not happened
   * yet). Returns whether it was written.
   */
  event(f: EventFields): boolean {
    if (f.day > this.today) return false;
    let occurred: string;
    if (f.minutes === undefined) occurred = dayString(f.day);
    else if (f.source === 'police') occurred = timestampSpaced(f.day, f.minutes);
    else occurred = timestampString(f.day, f.minutes);
    this.sink.write('events', {
      event_id: this.nextId('event'),
      event_type: f.type,
      occurred_at: occurred,
      episode_id: f.episodeId ?? null,
      family_id: f.familyId ?? null,
      person_id: f.personId ?? null,
      worker_id: f.workerId ?? null,
      detail: f.detail ?? null,
      value: f.value ?? null,
      source: f.source ?? null,
    });
    return true;
  }

  /** Office hours, in minutes after midnight. */
  officeMinutes(): number {
    return this.rng.int(9 * 60, 17 * 60 - 1);
  }

  /** Waking hours; partner incidents cluster in the evening. Never 00:00-06:59, so no clock-change gaps. */
  anyMinutes(): number {
    return this.rng.int(7 * 60, 23 * 60 + 59);
  }
}
