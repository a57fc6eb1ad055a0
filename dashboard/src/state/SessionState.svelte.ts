import { fetchJson } from '../api/fetchJson.ts';

/** GET /api/session: who is signed in and what their role may do. */
export interface Session {
  username: string;
  name?: string | null;
  role: string;
  roleLabel: string;
  scope: { services?: string[] | null; localities?: string[] | null };
  via?: string;
  permissions: { viewRows: boolean; exportAggregates: boolean; exportRows: boolean; unsuppressed: boolean; readAudit?: boolean; viewQuality?: boolean };
}

/** The signed-in user, loaded once; pages read `permissions` to explain what a role does not see. */
export class SessionState {
  session = $state<Session | undefined>();
  /** Whether /api/session has answered (or failed): a page that depends on a right waits for it. */
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      this.session = await fetchJson<Session>('/api/session');
    } catch {
      // A server without sign-in (or an error already shown by /api/meta): nothing to show.
      this.session = undefined;
    } finally {
      this.loaded = true;
    }
  }

  /** Whether the signed-in user has this right; false until the session is known. */
  may(right: keyof Session['permissions']): boolean {
    return this.session?.permissions[right] === true;
  }

  /** Small numbers are suppressed for this user (aggregate-only roles, indicators.md 7a). */
  get suppressed(): boolean {
    return this.session ? !this.session.permissions.unsuppressed : false;
  }
}
