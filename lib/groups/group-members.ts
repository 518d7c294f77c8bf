import { InvalidMemberInputError } from "../members/errors";
import type { Tx } from "../members/types";

/** Checks that every id is a membership of this team (a SCIM client may only reference its own users). */
export async function assertTeamMembers(tx: Tx, teamId: string, membershipIds: string[]): Promise<string[]> {
  const unique = [...new Set(membershipIds)];
  if (unique.length === 0) return unique;
  const found = await tx.membership.findMany({ where: { teamId, id: { in: unique } }, select: { id: true } });
  if (found.length !== unique.length) {
    const known = new Set(found.map((f) => f.id));
    const missing = unique.filter((id) => !known.has(id));
    throw new InvalidMemberInputError(`Unknown member id(s): ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`);
  }
  return unique;
}
