import * as client from 'openid-client';
import { isRole, roles, type Role } from '../access/roles.ts';
import type { Scope, User } from '../access/User.ts';

/** What a claim value (a group or app role at the council's identity provider) grants here. */
export interface RoleGrant {
  role: Role;
  /** For service managers: the localities and services the group sees. */
  localities?: string[];
  services?: string[];
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** This server's callback, exactly as registered at the provider: https://dashboard.example.gov.uk/auth/oidc/callback */
  redirectUri: string;
  /** Default "openid profile email". */
  scopes?: string;
  /** The claim holding groups or app roles (default "roles"; Entra ID app roles use "roles", Keycloak often "groups"). */
  roleClaim?: string;
  /** Claim value -> role (and scope): {"FO-Analysts": "analyst", "FO-SM-Madeley": {"role": "service_manager", "localities": ["Madeley"]}}. */
  roleMap: Record<string, Role | RoleGrant>;
  /** The claim used as user name (default preferred_username, then email, then sub). */
  usernameClaim?: string;
  /** Optional claims listing a service manager's localities and services directly. */
  localityClaim?: string;
  serviceClaim?: string;
}

/** When a person has several groups, the role with the most rights wins. */
const precedence: Role[] = ['admin', 'analyst', 'service_manager', 'commissioner'];

const claimList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : []).filter((x): x is string => typeof x === 'string' && x !== '');

/** Checks a role map from configuration (OIDC_ROLE_MAP), naming what is wrong. */
export function parseRoleMap(value: unknown): Record<string, RoleGrant> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('OIDC_ROLE_MAP must be a JSON object: {"claim value": "role" or {"role": ..., "localities": [...]}}');
  const out: Record<string, RoleGrant> = {};
  for (const [k, v] of Object.entries(value)) {
    const g: RoleGrant = typeof v === 'string' ? { role: v as Role } : (v as RoleGrant);
    if (!isRole(g?.role)) throw new Error(`OIDC_ROLE_MAP["${k}"]: role must be one of ${roles.join(', ')}`);
    out[k] = { role: g.role, localities: g.localities ? claimList(g.localities) : undefined, services: g.services ? claimList(g.services) : undefined };
  }
  return out;
}

/**
 * The user an ID token's claims make, or why none: a person whose groups map to no role
 * here has no access, and a service manager needs at least one locality or service.
 */
export function userFromClaims(claims: Record<string, unknown>, s: OidcSettings): User | { refused: string } {
  const map = parseRoleMap(s.roleMap);
  const username = [s.usernameClaim ?? 'preferred_username', 'email', 'sub'].map((c) => claims[c]).find((v): v is string => typeof v === 'string' && v !== '');
  if (!username) return { refused: 'the identity provider sent no user name' };
  const grants = claimList(claims[s.roleClaim ?? 'roles'])
    .map((v) => map[v])
    .filter((g): g is RoleGrant => g !== undefined);
  const role = precedence.find((r) => grants.some((g) => g.role === r));
  if (!role) return { refused: `${username} has no role in this dashboard (none of their ${s.roleClaim ?? 'roles'} is mapped)` };
  const scope: Scope = {};
  if (role === 'service_manager') {
    const mine = grants.filter((g) => g.role === role);
    const localities = [...mine.flatMap((g) => g.localities ?? []), ...(s.localityClaim ? claimList(claims[s.localityClaim]) : [])];
    const services = [...mine.flatMap((g) => g.services ?? []), ...(s.serviceClaim ? claimList(claims[s.serviceClaim]) : [])];
    if (localities.length) scope.localities = [...new Set(localities)].sort();
    if (services.length) scope.services = [...new Set(services)].sort();
    if (!localities.length && !services.length) return { refused: `${username} is a service manager with no localities or services` };
  }
  const name = typeof claims.name === 'string' && claims.name ? claims.name : username;
  return { username: username.toLowerCase(), name, role, scope, via: 'oidc' };
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  at: number;
}

const PENDING_MS = 10 * 60_000;
const isLoopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

/**
 * Single sign-on with the council's OpenID Connect provider: authorization code flow
 * with PKCE (S256), state and nonce, and the ID token's signature checked against the
 * provider's keys, through openid-client. The provider's metadata is
 * discovered on first use (and again after a failure). Plain http is allowed only for a
 * provider on this machine (tests, a local provider).
 */
export class OidcClient {
  private config: Promise<client.Configuration> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(
    readonly settings: OidcSettings,
    private readonly now: () => number = Date.now,
  ) {
    parseRoleMap(settings.roleMap);
    new URL(settings.redirectUri);
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.config) {
      const issuer = new URL(this.settings.issuer);
      this.config = client.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
        // The ID token's signature is checked against the provider's JWKS too, not only
        // trusted for coming over TLS from the token endpoint.
        execute: [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' && isLoopback(issuer) ? [client.allowInsecureRequests] : [])],
        timeout: 10,
      });
      this.config.catch(() => (this.config = undefined));
    }
    return this.config;
  }

  /** Where to send the browser, and the id of the pending sign-in (kept in a short-lived cookie). */
  async start(next: string): Promise<{ url: URL; pendingId: string }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const p: Pending = { state: client.randomState(), nonce: client.randomNonce(), verifier, next, at: this.now() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes ?? 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: p.state,
      nonce: p.nonce,
    });
    const pendingId = client.randomState();
    this.sweep();
    this.pending.set(pendingId, p);
    return { url, pendingId };
  }

  /**
   * Completes a sign-in from the provider's redirect: the pending sign-in of this browser
   * (used once), the code exchanged with its PKCE verifier, state and nonce checked, the
   * ID token's signature, issuer, audience and expiry checked by openid-client.
   */
  async finish(pendingId: string | undefined, query: string): Promise<{ claims: Record<string, unknown>; next: string }> {
    const p = pendingId ? this.pending.get(pendingId) : undefined;
    if (pendingId) this.pending.delete(pendingId);
    if (!p || this.now() - p.at > PENDING_MS) throw new OidcError('the sign-in had expired or was not started here');
    const config = await this.configuration();
    const current = new URL(this.settings.redirectUri);
    current.search = query;
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: p.verifier,
        expectedState: p.state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw new OidcError(`the provider's answer was refused: ${whyRefused(e)}`);
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcError('no ID token');
    return { claims: claims as Record<string, unknown>, next: p.next };
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, p] of this.pending) if (t - p.at > PENDING_MS) this.pending.delete(k);
    if (this.pending.size > 10_000) this.pending.clear();
  }
}

/**
 * Why openid-client refused an answer, with what it wraps: its outer messages are generic
 * ("invalid response encountered"), while the causes say which check failed (the state,
 * the nonce claim) or what the provider said (invalid_grant: PKCE verification failed), which
 * an administrator reading the audit log needs. Never shown to the person signing in.
 */
function whyRefused(e: unknown): string {
  const parts: string[] = [];
  let c: unknown = e;
  for (let depth = 0; depth < 4 && c && typeof c === 'object'; depth++) {
    if (c instanceof client.ResponseBodyError) parts.push(`${c.message} (${c.error}${c.error_description ? `: ${c.error_description}` : ''})`);
    else if (c instanceof Error) parts.push(c.message);
    else if ('claim' in c) parts.push(`claim ${String((c as { claim: unknown }).claim)}`);
    if (c instanceof client.ResponseBodyError) break;
    c = (c as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}

/** A sign-in that did not complete; the message is for the server log and the audit, not the page. */
export class OidcError extends Error {
  override name = 'OidcError';
}
