import { AuditLog, type AuditEvent } from '../../../../dashboard/server/access/AuditLog.ts';
import type { AuditSink } from '../../../../dashboard/server/auth/accessSettings.ts';

/**
 * An audit log at `path` whose writes fail ("disk full") once `failing` is set, recording
 * every event the server tried to write, written or not: for the rule "a failed audit
 * write fails the request" (issue #5 item 4).
 */
export async function failingAuditSink(path: string) {
  const real = await AuditLog.open(path);
  const state = { failing: false, attempted: [] as AuditEvent[] };
  const sink: AuditSink = {
    append: (r) => {
      state.attempted.push(r.event);
      return state.failing ? Promise.reject(new Error('disk full')) : real.append(r);
    },
    read: (q) => real.read(q),
    verify: () => real.verify(),
    close: () => real.close(),
  };
  return Object.assign(state, { sink });
}
