import { escapeHtml, page } from '../access/html.ts';

export interface LoginPageState {
  mode: 'local' | 'oidc';
  next: string;
  username?: string;
  /** An error to show and announce (wrong password, blocked, single sign-on failed). */
  error?: { message: string; field?: 'username' | 'password' };
  /** A notice (signed out, session ended). */
  notice?: string;
}

/**
 * The sign-in page: a plain form that works without script, every field labelled, an
 * error summary that is announced (role=alert) and focused, linking to the field it is
 * about, and the page title starting "Error:" so screen reader users hear it first.
 */
export function loginPage(s: LoginPageState): string {
  const next = `<input type="hidden" name="next" value="${escapeHtml(s.next)}">`;
  const summary = s.error
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">There is a problem</h2>
<ul><li>${s.error.field ? `<a href="#${s.error.field}">${escapeHtml(s.error.message)}</a>` : escapeHtml(s.error.message)}</li></ul>
</div>`
    : '';
  const notice = s.notice ? `<p class="notice" role="status">${escapeHtml(s.notice)}</p>` : '';
  const field = (id: 'username' | 'password', label: string, type: string, autocomplete: string, value = '') => {
    const invalid = s.error?.field === id;
    return `<div class="field">
<label for="${id}">${label}</label>
${invalid ? `<span class="field-error" id="${id}-error"><span class="visually-hidden">Error:</span> ${escapeHtml(s.error!.message)}</span>` : ''}
<input type="${type}" id="${id}" name="${id}" autocomplete="${autocomplete}" required spellcheck="false" autocapitalize="none"${invalid ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''} value="${escapeHtml(value)}"${!s.error && id === 'username' ? ' autofocus' : ''}>
</div>`;
  };
  const form =
    s.mode === 'oidc'
      ? `<p>Sign in with your council account.</p>
<form method="get" action="/auth/oidc/login">${next}<button type="submit">Sign in with your council account</button></form>`
      : `<form method="post" action="/auth/login" novalidate>
${next}
${field('username', 'User name', 'text', 'username', s.username)}
${field('password', 'Password', 'password', 'current-password')}
<button type="submit">Sign in</button>
</form>`;
  return page(`${s.error ? 'Error: ' : ''}Sign in`, `<div class="narrow">${summary}${notice}<h1>Sign in</h1>${form}</div>`);
}

/**
 * Where to go after signing in: a path on this site only (never another site, which
 * would make the sign-in page an open redirect).
 */
export function safeNext(v: unknown): string {
  if (typeof v !== 'string' || v.length > 2000) return '/';
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || /[\u0000-\u001f\\]/.test(v)) return '/';
  if (v.startsWith('/auth/')) return '/';
  return v;
}
