import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getDb } from "../db/client";
import { authOptions } from "./options";

/**
 * The signed-in person, re-read from the database on every request (once per request, cached).
 * Null when there is no session, or when the person no longer has any active membership: a
 * member deactivated by SCIM or an admin loses a session they already hold at their next click.
 */
export const getCurrentUser = cache(async () => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      name: true,
      memberships: {
        where: { status: "ACTIVE" },
        select: { role: true, team: { select: { slug: true, name: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!user || user.memberships.length === 0) return null;
  return user;
});

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;
