import type { Role } from './roles.ts';

/**
 * What a user may see beyond their role: lists of services and localities. A list that is
 * absent means "all"; a service manager must have at least one (checked where users are
 * read), so nobody is scoped to everything by mistake.
 */
export interface Scope {
  services?: string[];
  localities?: string[];
}

/** A signed-in person, as every request sees them. */
export interface User {
  /** Local user name, or the OpenID Connect subject's user name. */
  username: string;
  /** Display name. */
  name: string;
  role: Role;
  scope: Scope;
  /** How they signed in. */
  via: 'local' | 'oidc';
}

export const isScoped = (scope: Scope) => scope.services !== undefined || scope.localities !== undefined;

/** Scope as text for logs and the audit: "localities Hadley, Madeley; services FIT". */
export function describeScope(scope: Scope): string {
  const parts: string[] = [];
  if (scope.localities) parts.push(`localities ${scope.localities.join(', ')}`);
  if (scope.services) parts.push(`services ${scope.services.join(', ')}`);
  return parts.length ? parts.join('; ') : 'everything';
}
