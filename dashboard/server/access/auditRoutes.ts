import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, HttpError } from '../HttpError.ts';
import { intParam, type Query } from '../parseFilters.ts';
import type { AuditSink } from '../auth/accessSettings.ts';
import { requestFields } from '../auth/authRoutes.ts';
import { auditEvents, type AuditEvent, type AuditIntegrity, type AuditQuery } from './AuditLog.ts';
import { escapeHtml, page } from './html.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A real day of the calendar written YYYY-MM-DD. Date.parse alone is not enough: it
 * takes 2024-02-30 (and the database then fails on it); the day must read back the same.
 */
export function isCalendarDate(v: string): boolean {
  if (!ISO.test(v)) return false;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
}
const known = new Set(['from', 'to', 'event', 'username', 'target', 'limit', 'offset']);

function one(q: Query, key: string): string | undefined {
  const v = q[key];
  if (Array.isArray(v)) throw badRequest(`${key} was given ${v.length} times; give it once.`);
  return v === '' ? undefined : v;
}

/** The audit query from a query string, every value checked (and later bound, never pasted into SQL). */
export function parseAuditQuery(q: Query): AuditQuery {
  const unknown = Object.keys(q).filter((k) => !known.has(k));
  if (unknown.length) throw badRequest(`Unknown parameter ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')}.`);
  const date = (k: 'from' | 'to') => {
    const v = one(q, k);
    if (v !== undefined && !isCalendarDate(v)) throw badRequest(`${k} must be a real date written YYYY-MM-DD ("${v.slice(0, 20)}" is not).`);
    return v;
  };
  const event = one(q, 'event');
  if (event !== undefined && !(auditEvents as readonly string[]).includes(event)) throw badRequest(`event must be one of ${auditEvents.join(', ')}.`);
  const text = (k: string) => {
    const v = one(q, k)?.trim();
    if (v !== undefined && v.length > 200) throw badRequest(`${k} is too long.`);
    return v || undefined;
  };
  return {
    from: date('from'),
    to: date('to'),
    event: event as AuditEvent | undefined,
    username: text('username')?.toLowerCase(),
    target: text('target'),
    limit: intParam(q, 'limit', 50, 1, 500),
    offset: intParam(q, 'offset', 0, 0, 100_000_000),
  };
}

const eventLabels: Record<AuditEvent, string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sign_in_blocked: 'Sign-in blocked (too many failures)',
  sign_out: 'Signed out',
  rows_view: 'Viewed rows',
  export: 'Exported',
  access_denied: 'Access refused',
  audit_view: 'Read the audit log',
  audit_check: 'Checked the audit log is unchanged',
};

/** The latest check of the chain (at start, or when an administrator asked). */
export interface IntegrityState {
  last: AuditIntegrity;
}

/** One line for the log, the audit record and the page. */
export function describeIntegrity(i: AuditIntegrity): string {
  if (i.ok) return `all ${i.records} records chain correctly${i.newest ? `; newest record ${i.newest.id}, hash ${i.newest.hash}` : ''}`;
  const first = i.breaks[0];
  return `the chain is broken at record ${first.id}: ${first.reason}${i.breaks.length > 1 ? ` (and ${i.breaks.length - 1} more break${i.breaks.length > 2 ? 's' : ''})` : ''}`;
}

function integritySection(i: AuditIntegrity): string {
  const when = escapeHtml(i.checkedAt.replace('T', ' ').slice(0, 19));
  const check = `<a href="/admin/audit/verify">Check the whole log now</a>`;
  if (i.ok) {
    return `<section aria-labelledby="integrity-h"><h2 id="integrity-h">Integrity</h2>
<p>Checked ${when} UTC: all ${i.records} records chain correctly, none changed or removed.${
      i.newest ? ` Newest record ${i.newest.id}, hash <code>${escapeHtml(i.newest.hash)}</code> (write it down to check against later).` : ''
    } ${check}</p></section>`;
  }
  return `<section aria-labelledby="integrity-h" class="error-summary" role="alert"><h2 id="integrity-h">The audit log has been changed</h2>
<p>Checked ${when} UTC: records were changed or removed outside the dashboard. Keep the audit file and its head file as they are, and tell your information governance lead. ${check}</p>
<ul>${i.breaks.map((b) => `<li>Record ${b.id}: ${escapeHtml(b.reason)}</li>`).join('')}</ul></section>`;
}

function auditPage(q: AuditQuery, result: Awaited<ReturnType<AuditSink['read']>>, integrity: AuditIntegrity): string {
  const params = (over: Partial<AuditQuery>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...q, ...over })) if (v !== undefined && v !== '' && !(k === 'offset' && v === 0) && !(k === 'limit' && v === 50)) p.set(k, String(v));
    return `/admin/audit${p.size ? `?${p}` : ''}`;
  };
  const input = (id: keyof AuditQuery, label: string, type = 'text') =>
    `<div class="field"><label for="f-${id}">${label}</label><input type="${type}" id="f-${id}" name="${id}" value="${escapeHtml(q[id] ?? '')}"></div>`;
  const options = ['<option value="">Any</option>', ...auditEvents.map((e) => `<option value="${e}"${q.event === e ? ' selected' : ''}>${escapeHtml(eventLabels[e])}</option>`)].join('');
  const rows = result.entries
    .map(
      (e) => `<tr><td>${escapeHtml(e.at)}</td><td>${escapeHtml(eventLabels[e.event] ?? e.event)}</td><td>${escapeHtml(e.username ?? '')}</td><td>${escapeHtml(e.role ?? '')}</td>
<td>${escapeHtml(`${e.method ?? ''} ${e.route ?? ''}`.trim())}</td><td>${escapeHtml(e.target ?? '')}</td><td class="filters-cell">${escapeHtml(e.filters ?? '')}</td>
<td class="num">${e.rowCount ?? ''}</td><td class="num">${e.status ?? ''}</td><td>${escapeHtml(e.address ?? '')}</td><td>${escapeHtml(e.detail ?? '')}</td></tr>`,
    )
    .join('\n');
  const first = result.total ? q.offset + 1 : 0;
  const last = Math.min(q.offset + q.limit, result.total);
  const pager = `<nav class="pager" aria-label="Pages of the audit log">
${q.offset > 0 ? `<a href="${escapeHtml(params({ offset: Math.max(0, q.offset - q.limit) }))}">Newer</a>` : ''}
${last < result.total ? `<a href="${escapeHtml(params({ offset: q.offset + q.limit }))}">Older</a>` : ''}
</nav>`;
  return page(
    'Audit log',
    `<h1>Audit log</h1>
<p>Every sign-in, view of person-level rows, export and refusal, newest first. Records are only ever added, each chained to the one before by its hash.</p>
${integritySection(integrity)}
<form method="get" action="/admin/audit" class="filters" aria-label="Filter the audit log">
${input('from', 'From (date)', 'date')}${input('to', 'To (date)', 'date')}
<div class="field"><label for="f-event">Event</label><select id="f-event" name="event">${options}</select></div>
${input('username', 'User name')}${input('target', 'Indicator or drill-down')}
<div class="field"><button type="submit">Show</button></div>
</form>
<p role="status">${result.total ? `Showing ${first} to ${last} of ${result.total} records.` : 'No records match.'}</p>
${
  result.total
    ? `<table><caption class="visually-hidden">Audit records</caption>
<thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">User</th><th scope="col">Role</th><th scope="col">Route</th><th scope="col">Indicator or drill-down</th><th scope="col">Filters</th><th scope="col">Rows</th><th scope="col">Status</th><th scope="col">Address</th><th scope="col">Detail</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
    : ''
}
${pager}
<p><a href="/">Back to the dashboard</a></p>`,
  );
}

/**
 * GET /api/audit (JSON, paged and filtered) and GET /admin/audit (the page), each with the
 * latest integrity check; GET /api/audit/verify and /admin/audit/verify check the whole
 * chain now (recorded as audit_check). Administrators only (setupAccess checks the role).
 */
export function auditRoutes(app: FastifyInstance, audit: AuditSink, integrity: IntegrityState, log: (m: string) => void): void {
  const verify = async (req: FastifyRequest) => {
    const result = await audit.verify();
    integrity.last = result;
    if (!result.ok) log(`AUDIT LOG CHANGED: ${describeIntegrity(result)}`);
    try {
      await audit.append({ ...requestFields(req, req.user), event: 'audit_check', status: 200, detail: describeIntegrity(result) });
    } catch (e) {
      log(`audit write failed, ${req.method} ${req.url.split('?')[0]} refused: ${(e as Error).message}`);
      throw new HttpError(503, 'The check could not be recorded in the audit log. Please try again; if it keeps happening, tell the team that runs the dashboard.');
    }
    return result;
  };
  app.get<{ Querystring: Query }>('/api/audit', async (req) => {
    const q = parseAuditQuery(req.query);
    const { entries, total } = await audit.read(q);
    return { total, limit: q.limit, offset: q.offset, integrity: integrity.last, entries };
  });
  app.get<{ Querystring: Query }>('/admin/audit', async (req, reply) => {
    const q = parseAuditQuery(req.query);
    const result = await audit.read(q);
    reply.type('text/html; charset=utf-8');
    return auditPage(q, result, integrity.last);
  });
  app.get('/api/audit/verify', async (req) => verify(req));
  app.get('/admin/audit/verify', async (req, reply) => {
    await verify(req);
    return reply.header('cache-control', 'no-store').redirect('/admin/audit', 303);
  });
}
