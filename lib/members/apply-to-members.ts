import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { isTransactionConflict } from "../db/errors";
import { StandingChangedError } from "../audit/standing";
import { DomainError } from "./errors";
import { changeRole, deactivateMember, reactivateMember } from "./lifecycle";
import { getMember } from "./list-members";
import { removeMember } from "./remove-member";
import type { Db, MemberWithUser } from "./types";

export type BulkChange = { kind: "role"; role: Role } | { kind: "deactivate" } | { kind: "reactivate" } | { kind: "remove" };

export type BulkOutcome = {
  done: string[];
  skipped: { id: string; email: string | null; reason: string }[];
};

type Options = {
  /** A refusal decided before writing (the UI's rules: owner-only, self, IdP locks), or null. */
  refuse: (member: MemberWithUser) => string | null;
  /** How a refusal the domain raised reads (the boundary's error mapper). */
  describe: (e: unknown) => string;
};

/**
 * Applies one change to many members of a team, one member at a time: each write is the same
 * transaction (team lock, last-owner and IdP rules, audit) as for a single member, so the rules
 * cannot be sidestepped in bulk, and one refusal skips that member without undoing the others.
 * Returns what was done and what was skipped, and why.
 */
export async function applyToMembers(db: Db, teamId: string, ids: string[], change: BulkChange, actor: Actor, options: Options): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: [], skipped: [] };
  // The actor's own membership last: their own change (an owner making herself an admin) would
  // otherwise make every later write one by someone without the role it was checked for
  // (lib/audit/standing.ts), refused.
  const own: string[] = [];
  const queue = [...new Set(ids)];
  let stopped: string | null = null;
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const member = await getMember(db, teamId, id);
    if (!member) {
      outcome.skipped.push({ id, email: null, reason: "No longer a member of this team." });
      continue;
    }
    if (stopped) {
      outcome.skipped.push({ id, email: member.email, reason: stopped });
      continue;
    }
    if (actor.type === "user" && member.userId === actor.userId && !own.includes(id) && i < queue.length - 1) {
      own.push(id);
      queue.push(id);
      continue;
    }
    const refusal = options.refuse(member);
    if (refusal) {
      outcome.skipped.push({ id, email: member.email, reason: refusal });
      continue;
    }
    const target = { teamId, membershipId: member.id };
    const ifMatch = { expectedVersion: member.version };
    try {
      if (change.kind === "role") await changeRole(db, target, change.role, actor, ifMatch);
      else if (change.kind === "deactivate") await deactivateMember(db, target, actor, ifMatch);
      else if (change.kind === "reactivate") await reactivateMember(db, target, actor, ifMatch);
      else await removeMember(db, target, actor, ifMatch);
      outcome.done.push(member.email);
    } catch (e) {
      // Their role or access changed meanwhile (someone else's change): nothing more is done.
      if (e instanceof StandingChangedError) {
        stopped = "Not changed: your role or access in this team changed while this ran.";
        outcome.skipped.push({ id, email: member.email, reason: stopped });
        continue;
      }
      if (!(e instanceof DomainError) && !isTransactionConflict(e)) throw e;
      outcome.skipped.push({ id, email: member.email, reason: options.describe(e) });
    }
  }
  return outcome;
}
