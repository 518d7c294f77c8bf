// Named lifecycle steps over updateMember, for callers that do one thing (the Manage Team
// actions, tests). SCIM writes whole resources and calls updateMember itself.
import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { updateMember, type UpdateOptions, type UpdateOutcome } from "./update-member";
import type { Db } from "./types";

type Target = { teamId: string; membershipId: string };

export const changeRole = (db: Db, target: Target, role: Role, actor: Actor, options?: UpdateOptions): Promise<UpdateOutcome> =>
  updateMember(db, target, { role }, actor, options);

/** Keeps the role: reactivation restores exactly what the member had. */
export const deactivateMember = (db: Db, target: Target, actor: Actor, options?: UpdateOptions): Promise<UpdateOutcome> =>
  updateMember(db, target, { status: "DEACTIVATED" }, actor, options);

export const reactivateMember = (db: Db, target: Target, actor: Actor, options?: UpdateOptions): Promise<UpdateOutcome> =>
  updateMember(db, target, { status: "ACTIVE" }, actor, options);
