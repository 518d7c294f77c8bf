import type { Tx } from "./types";

/**
 * A group change changes its members' SCIM User too (the read-only `groups` attribute), so their
 * version and lastModified move with it: an IdP's conditional GET must not answer 304 for a User
 * whose groups changed.
 */
export async function touchMembers(tx: Tx, membershipIds: string[]): Promise<void> {
  if (membershipIds.length === 0) return;
  await tx.membership.updateMany({ where: { id: { in: [...new Set(membershipIds)] } }, data: { version: { increment: 1 }, updatedAt: new Date() } });
}

/**
 * A group's SCIM representation shows its members' names (members[].display: displayName, else
 * userName) and its member list: renaming or removing a member changes every group they are in,
 * so those groups' version and lastModified move too (lastModified through @updatedAt).
 */
export async function touchGroupsOf(tx: Tx, teamId: string, membershipId: string): Promise<void> {
  await tx.group.updateMany({ where: { teamId, members: { some: { membershipId } } }, data: { version: { increment: 1 } } });
}
