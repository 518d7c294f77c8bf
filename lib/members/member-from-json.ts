// A member and their person as the one-statement writers and the SCIM reads have them: each row as
// JSON (to_jsonb or row_to_json, which write the same values).
// JSON carries `timestamp` columns as UTC text without a zone; the rest is as Prisma reads it.
import type { User } from "../db/generated/client";
import type { MemberWithUser } from "./types";

type Json = Record<string, unknown>;

function withDates(json: Json, keys: string[]): Json {
  const out = { ...json };
  for (const k of keys) if (typeof out[k] === "string") out[k] = new Date(`${out[k] as string}Z`);
  return out;
}

export const personFromJson = (json: Json): User => withDates(json, ["createdAt", "updatedAt"]) as unknown as User;

export const memberFromJson = (json: Json, user: User): MemberWithUser =>
  ({ ...withDates(json, ["deactivatedAt", "lastLoginAt", "createdAt", "updatedAt"]), user }) as unknown as MemberWithUser;
