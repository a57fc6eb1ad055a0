/** The drill-down being shown (one dialog for the whole app): which rows, behind which number. */
export interface DrillRequest {
  drill: string;
  /** The number's own parameters (e.g. standard=first_contact, status=missed), added to the global filters. */
  params: Record<string, string>;
  title: string;
  /** The filter keys the drill accepts (from /api/meta or the indicator); undefined sends all. */
  accepts?: readonly string[];
}

export class DrillState {
  current = $state<DrillRequest | undefined>();
  /** Where focus returns when the dialog closes. */
  opener: HTMLElement | null = null;

  open(request: DrillRequest, opener?: HTMLElement | null): void {
    this.opener = opener ?? (document.activeElement as HTMLElement | null);
    this.current = request;
  }

  close(): void {
    this.current = undefined;
    this.opener?.focus();
    this.opener = null;
  }
}
