import type { Db } from "../members/types";

// The SCIM request log is for debugging what the IdP sent, not an archive: keep the newest
// entries per team and trim now and then rather than on every request.
export const REQUEST_LOG_KEEP = 1000;
const TRIM_EVERY = 100;

export type RequestLogEntry = {
  teamId: string;
  tokenId: string | null;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userAgent: string | null;
};

export async function logScimRequest(db: Db, entry: RequestLogEntry, random = Math.random): Promise<void> {
  await db.scimRequestLog.create({ data: { ...entry, path: entry.path.slice(0, 2000), userAgent: entry.userAgent?.slice(0, 500) ?? null } });
  if (random() < 1 / TRIM_EVERY) await trimRequestLog(db, entry.teamId);
}

export async function trimRequestLog(db: Db, teamId: string, keep = REQUEST_LOG_KEEP): Promise<void> {
  await db.$executeRaw`
    DELETE FROM "ScimRequestLog" WHERE "teamId" = ${teamId} AND id NOT IN (
      SELECT id FROM "ScimRequestLog" WHERE "teamId" = ${teamId} ORDER BY "createdAt" DESC, id DESC LIMIT ${keep})`;
}
