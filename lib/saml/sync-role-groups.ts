// "Role and groups on every login": a connection with the toggle on makes an existing member's
// role and group memberships follow the assertion, through the same domain functions SCIM uses,
// so precedence and locks are SCIM's: the role attribute decides the role (roleSource SCIM,
// locked in the UI); without one, the member's role-mapped groups do (recomputed by lib/groups);
// every change is audited as the SAML actor. Two limits of an assertion: it never grants or
// takes away Owner (owners are left alone, and Owner-mapped groups are not joined), since
// admins configure the IdP and only owners make owners. Those checks read the member and the
// groups before the writes; a promotion to Owner or a group mapped to Owner committing in between
// was overwritten (found by a concurrency review). So the writes go as the login's SAML actor,
// which never has owner authority (lib/members/owner-authority.ts), and the domain layer refuses,
// under the team's lock, any that would grant or take away Owner (the sync logs the refusal and
// goes on with the rest; the login goes on).
import type { Actor } from "../audit/actor";
import type { Role } from "../db/generated/enums";
import { createGroup } from "../groups/create-group";
import { normalizeGroupName } from "../groups/group-name";
import { updateGroup } from "../groups/update-group";
import { DomainError, DuplicateGroupError } from "../members/errors";
import type { Db } from "../members/types";
import { updateMember } from "../members/update-member";

type SamlActor = Extract<Actor, { type: "saml" }>;

export type SyncOutcome = { skipped?: "owner"; roleChanged: boolean; joined: string[]; left: string[]; refused: string[] };

export async function syncRoleAndGroups(
  db: Db,
  input: { teamId: string; membershipId: string; role: Role | null; groups: string[] },
  actor: SamlActor,
): Promise<SyncOutcome> {
  const { teamId, membershipId } = input;
  const member = await db.membership.findFirstOrThrow({ where: { id: membershipId, teamId }, select: { role: true, roleSource: true } });
  if (member.role === "OWNER") return { skipped: "owner", roleChanged: false, joined: [], left: [], refused: [] };

  // Each write on its own: one the domain layer refuses (a promotion to Owner or an Owner mapping
  // committed meanwhile) is logged and skipped, and the rest of the assertion still applies.
  const refused: string[] = [];
  const attempt = async (what: string, write: () => Promise<void>) => {
    try {
      await write();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refused.push(what);
      console.error(`[saml] role/group sync refused ${what}: ${e.message}`);
    }
  };

  let roleChanged = false;
  const role = input.role;
  if (role && role !== "OWNER" && (role !== member.role || member.roleSource !== "SCIM")) {
    await attempt("the role", async () => {
      roleChanged = (await updateMember(db, { teamId, membershipId }, { role, roleSource: "SCIM" }, actor)).changed;
    });
  }

  const wanted = new Map(input.groups.map((g) => [normalizeGroupName(g.trim()), g.trim()] as const).filter(([k]) => k));
  const teamGroups = await db.group.findMany({
    where: { teamId },
    select: { id: true, displayName: true, displayNameNormalized: true, mappedRole: true, members: { where: { membershipId }, select: { membershipId: true } } },
  });
  const byName = new Map(teamGroups.map((g) => [g.displayNameNormalized, g]));
  const joined: string[] = [];
  const left: string[] = [];

  for (const [normalized, displayName] of wanted) {
    const group = byName.get(normalized);
    if (group?.members.length) continue;
    if (group?.mappedRole === "OWNER") continue;
    await attempt(`joining "${group?.displayName ?? displayName}"`, async () => {
      try {
        if (!group) {
          await createGroup(db, { teamId, displayName, memberIds: [membershipId] }, actor);
        } else {
          await updateGroup(db, { teamId, groupId: group.id }, (cur) => ({ memberIds: [...cur.members.map((m) => m.membershipId), membershipId] }), actor);
        }
        joined.push(group?.displayName ?? displayName);
      } catch (e) {
        // Another login created the group a moment ago: join it as it is now.
        if (!(e instanceof DuplicateGroupError)) throw e;
        const existing = await db.group.findFirst({ where: { teamId, displayNameNormalized: normalized }, select: { id: true, displayName: true } });
        if (existing) {
          await updateGroup(db, { teamId, groupId: existing.id }, (cur) => ({ memberIds: [...new Set([...cur.members.map((m) => m.membershipId), membershipId])] }), actor);
          joined.push(existing.displayName);
        }
      }
    });
  }
  for (const group of teamGroups) {
    if (!group.members.length || wanted.has(group.displayNameNormalized)) continue;
    await attempt(`leaving "${group.displayName}"`, async () => {
      await updateGroup(db, { teamId, groupId: group.id }, (cur) => ({ memberIds: cur.members.map((m) => m.membershipId).filter((id) => id !== membershipId) }), actor);
      left.push(group.displayName);
    });
  }
  return { roleChanged, joined, left, refused };
}

/** Runs the sync without ever failing the login it belongs to: a refused change is logged, not fatal. */
export async function syncRoleAndGroupsSafely(db: Db, input: Parameters<typeof syncRoleAndGroups>[1], actor: SamlActor): Promise<SyncOutcome | null> {
  try {
    return await syncRoleAndGroups(db, input, actor);
  } catch (e) {
    if (!(e instanceof DomainError)) console.error("[saml] role/group sync failed:", e);
    else console.error(`[saml] role/group sync refused: ${e.message}`);
    return null;
  }
}
