import type { Config } from '../../models/config.ts';
import { drills } from './drillRegistry.ts';
import { indicators } from './indicatorRegistry.ts';
import { byName, resolveEntry, type RegistryEntry, type ResolvedEntry } from './RegistryEntry.ts';

/** Indicators and drill-downs, resolved once at start: the filters each accepts and the tables it reads. */
export class Registry {
  readonly indicators: Map<string, ResolvedEntry>;
  readonly drills: Map<string, ResolvedEntry>;

  constructor(
    readonly config: Config,
    entries: { indicators?: RegistryEntry[]; drills?: RegistryEntry[] } = {},
  ) {
    this.indicators = byName((entries.indicators ?? indicators).map((e) => resolveEntry(e, 'indicator', config)));
    this.drills = byName((entries.drills ?? drills).map((e) => resolveEntry(e, 'drill', config)));
    for (const name of this.drills.keys()) {
      if (this.indicators.has(name)) throw new Error(`${name} is both an indicator and a drill-down: exports need one meaning per name`);
    }
  }

  /** Anything that can be exported: every indicator and every drill-down. */
  exportable(name: string): ResolvedEntry | undefined {
    return this.indicators.get(name) ?? this.drills.get(name);
  }
}
