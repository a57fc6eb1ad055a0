import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../HttpError.ts';
import { intParam, type Query } from '../parseFilters.ts';
import type { AuditSink } from '../auth/accessSettings.ts';
import { auditEvents, type AuditEvent, type AuditQuery } from './AuditLog.ts';
import { escapeHtml, page } from './html.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
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
    if (v !== undefined && (!ISO.test(v) || Number.isNaN(Date.parse(v)))) throw badRequest(`${k} must be a date written YYYY-MM-DD.`);
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
};

function auditPage(q: AuditQuery, result: Awaited<ReturnType<AuditSink['read']>>, req: FastifyRequest): string {
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
  void req;
  return page(
    'Audit log',
    `<h1>Audit log</h1>
<p>Every sign-in, view of person-level rows, export and refusal, newest first. Records are only ever added.</p>
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

/** GET /api/audit (JSON, paged and filtered) and GET /admin/audit (the page): administrators only (setupAccess checks the role). */
export function auditRoutes(app: FastifyInstance, audit: AuditSink): void {
  app.get<{ Querystring: Query }>('/api/audit', async (req) => {
    const q = parseAuditQuery(req.query);
    const { entries, total } = await audit.read(q);
    return { total, limit: q.limit, offset: q.offset, entries };
  });
  app.get<{ Querystring: Query }>('/admin/audit', async (req, reply) => {
    const q = parseAuditQuery(req.query);
    const result = await audit.read(q);
    reply.type('text/html; charset=utf-8');
    return auditPage(q, result, req);
  });
}
