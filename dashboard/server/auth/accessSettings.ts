import { dirname, join, resolve } from 'node:path';
import type { AuditLog } from '../access/AuditLog.ts';
import { defaultLimiterOptions, type LimiterOptions } from './LoginLimiter.ts';
import type { OidcSettings } from './oidc.ts';
import { defaultSessionLimits, type SessionLimits } from './SessionStore.ts';

export type AuditSink = Pick<AuditLog, 'append' | 'read' | 'verify' | 'close'>;

/** Sign-in and audit settings; each falls back to the environment, then to a default. */
export interface AccessOptions {
  /** local (users file) or oidc (council single sign-on). Env AUTH_MODE, default local. */
  mode?: 'local' | 'oidc';
  /** Env USERS_FILE, default users.json beside the database. */
  usersFile?: string;
  /** Env AUDIT_DB, default audit.duckdb beside the database. */
  auditPath?: string;
  /** An audit store other than the file (tests). */
  audit?: AuditSink;
  /**
   * Session cookies marked Secure: true, false, or 'auto' (when the request came over
   * https, as seen directly or through a proxy trusted with TRUST_PROXY). Env COOKIE_SECURE.
   */
  secureCookies?: boolean | 'auto';
  session?: Partial<SessionLimits>;
  limiter?: Partial<LimiterOptions>;
  oidc?: OidcSettings;
  /** The clock (tests). */
  now?: () => number;
}

export interface AccessSettings {
  mode: 'local' | 'oidc';
  usersFile: string;
  auditPath: string;
  audit?: AuditSink;
  secureCookies: boolean | 'auto';
  session: SessionLimits;
  limiter: LimiterOptions;
  oidc?: OidcSettings;
  now: () => number;
}

const minutes = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of minutes (got "${v}")`);
  return n * 60_000;
};

function oidcFromEnv(env: NodeJS.ProcessEnv): OidcSettings {
  const need = (k: string) => {
    const v = env[k];
    if (!v) throw new Error(`AUTH_MODE=oidc needs ${k}`);
    return v;
  };
  let roleMap: unknown;
  try {
    roleMap = JSON.parse(need('OIDC_ROLE_MAP'));
  } catch (e) {
    throw new Error(`OIDC_ROLE_MAP is not valid JSON: ${(e as Error).message}`);
  }
  return {
    issuer: need('OIDC_ISSUER'),
    clientId: need('OIDC_CLIENT_ID'),
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    redirectUri: need('OIDC_REDIRECT_URI'),
    scopes: env.OIDC_SCOPES || undefined,
    roleClaim: env.OIDC_ROLE_CLAIM || undefined,
    roleMap: roleMap as OidcSettings['roleMap'],
    usernameClaim: env.OIDC_USERNAME_CLAIM || undefined,
    localityClaim: env.OIDC_LOCALITY_CLAIM || undefined,
    serviceClaim: env.OIDC_SERVICE_CLAIM || undefined,
  };
}

/** Settings from options, then the environment, then defaults beside the database file. */
export function accessSettings(opts: AccessOptions = {}, env: NodeJS.ProcessEnv, dbPath: string): AccessSettings {
  const mode = opts.mode ?? ((env.AUTH_MODE || 'local') as AccessSettings['mode']);
  if (mode !== 'local' && mode !== 'oidc') throw new Error(`AUTH_MODE must be local or oidc (got "${mode}")`);
  const beside = (name: string) => join(dirname(resolve(dbPath)), name);
  const secureEnv = env.COOKIE_SECURE;
  const secureCookies = opts.secureCookies ?? (secureEnv === 'true' ? true : secureEnv === 'false' ? false : 'auto');
  return {
    mode,
    usersFile: resolve(opts.usersFile ?? (env.USERS_FILE || beside('users.json'))),
    auditPath: resolve(opts.auditPath ?? (env.AUDIT_DB || beside('audit.duckdb'))),
    audit: opts.audit,
    secureCookies,
    session: {
      idleMs: opts.session?.idleMs ?? minutes(env.SESSION_IDLE_MINUTES, 'SESSION_IDLE_MINUTES') ?? defaultSessionLimits.idleMs,
      absoluteMs: opts.session?.absoluteMs ?? minutes(env.SESSION_MAX_MINUTES, 'SESSION_MAX_MINUTES') ?? defaultSessionLimits.absoluteMs,
    },
    limiter: { ...defaultLimiterOptions, ...opts.limiter },
    oidc: mode === 'oidc' ? (opts.oidc ?? oidcFromEnv(env)) : undefined,
    now: opts.now ?? Date.now,
  };
}

/**
 * Fastify's trustProxy from env TRUST_PROXY: unset/false = none (the address and
 * protocol are the connection's), true = any, else the proxies' addresses or subnets,
 * comma-separated (e.g. "127.0.0.1,10.0.0.0/8"). Only with it are X-Forwarded-For and
 * X-Forwarded-Proto believed (the client's address for the sign-in limiter, https for
 * Secure cookies).
 */
export function trustProxySetting(env: NodeJS.ProcessEnv): boolean | string {
  const v = env.TRUST_PROXY?.trim();
  if (!v || v === 'false') return false;
  if (v === 'true') return true;
  return v;
}
