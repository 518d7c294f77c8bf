import type { Prisma } from "../db/generated/client";

export const groupInclude = {
  members: { include: { membership: { select: { userName: true, displayName: true } } }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.GroupInclude;

export type GroupWithMembers = Prisma.GroupGetPayload<{ include: typeof groupInclude }>;

/** A group with only its members' ids, as a PATCH works on it. */
export type GroupWithMemberIds = Prisma.GroupGetPayload<{ include: { members: { select: { membershipId: true } } } }>;
