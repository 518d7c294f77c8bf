// Named lifecycle steps over updateMember, for callers that do one thing (UI actions, tests).
import type { Role } from "../db/generated/enums";
import type { Actor } from "../audit/actor";
import { updateMember, type UpdateOutcome } from "./update-member";
import type { Db } from "./types";

type Target = { teamId: string; membershipId: string };

export const changeRole = (db: Db, target: Target, role: Role, actor: Actor): Promise<UpdateOutcome> =>
  updateMember(db, target, { role }, actor);

/** Keeps the role: reactivation restores exactly what the member had. */
export const deactivateMember = (db: Db, target: Target, actor: Actor): Promise<UpdateOutcome> =>
  updateMember(db, target, { status: "DEACTIVATED" }, actor);

export const reactivateMember = (db: Db, target: Target, actor: Actor): Promise<UpdateOutcome> =>
  updateMember(db, target, { status: "ACTIVE" }, actor);
