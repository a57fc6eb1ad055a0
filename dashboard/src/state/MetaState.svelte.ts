import { fetchJson } from '../api/fetchJson.ts';
import type { IndicatorInfo, Meta } from '../api/Meta.ts';

/** /api/meta, loaded once: filter values, periods and which indicators the server has. */
export class MetaState {
  meta = $state<Meta | undefined>();
  error = $state<string | undefined>();
  /** An answer came from a newer load of the database than /api/meta described. */
  newData = $state(false);

  /** Notes the database version of an answer (see watchDataVersion in api/fetchArrow.ts). */
  seeVersion(version: string): void {
    if (this.meta?.dataVersion && version !== this.meta.dataVersion) this.newData = true;
  }

  async load(): Promise<void> {
    try {
      this.meta = await fetchJson<Meta>('/api/meta');
      this.error = undefined;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  indicator(name: string): IndicatorInfo | undefined {
    return this.meta?.indicators.find((i) => i.name === name);
  }

  drill(name: string): IndicatorInfo | undefined {
    return this.meta?.drills.find((d) => d.name === name);
  }
}
