// A member and their person as the one-statement writers and the SCIM reads have them: each row as
// JSON (to_jsonb or row_to_json, which write the same values).
// JSON carries `timestamp` columns as UTC text without a zone; the rest is as Prisma reads it.
import { jsonTimestamp } from "../db/json-timestamp";
import type { MemberWithUser, Person } from "./types";

type Json = Record<string, unknown>;

function withDates(json: Json, keys: string[]): Json {
  const out = { ...json };
  for (const k of keys) if (typeof out[k] === "string") out[k] = jsonTimestamp(out[k] as string);
  return out;
}

/** The person less their password hash (types.ts: memberInclude), whatever the statement sent. */
export const personFromJson = ({ passwordHash: _hash, ...json }: Json): Person => withDates(json, ["emailVerifiedAt", "createdAt", "updatedAt"]) as unknown as Person;

export const memberFromJson = (json: Json, user: Person): MemberWithUser =>
  ({ ...withDates(json, ["deactivatedAt", "lastLoginAt", "createdAt", "updatedAt"]), user }) as unknown as MemberWithUser;
