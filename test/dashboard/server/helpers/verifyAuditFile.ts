import { AuditLog, type AuditIntegrity } from '../../../../dashboard/server/access/AuditLog.ts';

/** Opens the audit file at `path`, verifies its chain and lets it go. */
export async function verifyAuditFile(path: string): Promise<AuditIntegrity> {
  const log = await AuditLog.open(path);
  try {
    return await log.verify();
  } finally {
    await log.close();
  }
}
