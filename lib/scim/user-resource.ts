// Membership (+ its User) ⇄ SCIM User (RFC 7643 §4.1). A SCIM User *is* a membership: its id is
// the membership id, so one team's token never addresses another team's view of a person.
//
// Mapping: userName ⇄ membership.userName; externalId, displayName ⇄ membership; name.formatted,
// name.givenName, name.familyName ⇄ user.name/givenName/familyName; emails ⇄ membership.email (the one
// email, type "work", primary); active ⇄ status; the team role ⇄ the Gatehouse extension's `role`
// and, for IdPs that map app roles (Entra), the primary `roles` value.
import { z } from "zod";
import type { MembershipStatus, Role } from "../db/generated/enums";
import type { MemberWithUser } from "../members/types";
import { GATEHOUSE_USER_SCHEMA, USER_SCHEMA } from "./constants";
import { etagFor } from "./etag";
import { ScimError, describeZodError } from "./errors";
import { lenientBoolean } from "./lenient-boolean";
import { USER_RESOURCE, canonicalize, isPlainObject } from "./resource-schemas";

export type ScimRoleName = "owner" | "admin" | "member";

export type ScimUser = {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  displayName?: string;
  emails: { value: string; type: "work"; primary: true }[];
  active: boolean;
  roles: { value: ScimRoleName; primary: true }[];
  groups?: { value: string; $ref: string; display: string; type: "direct" }[];
  [GATEHOUSE_USER_SCHEMA]: { role: ScimRoleName };
  meta: { resourceType: "User"; created: string; lastModified: string; location: string; version: string };
};

export type ToScimUserOptions = {
  /** The groups the member is in, to fill the read-only `groups` attribute (RFC 7643 §4.1.2). */
  groups?: { id: string; displayName: string }[];
};

/** What a SCIM User is made of: the membership's own fields and the person's name parts. */
export type ScimUserSource = Pick<MemberWithUser, "id" | "externalId" | "userName" | "displayName" | "email" | "status" | "role" | "createdAt" | "updatedAt" | "version"> & {
  user: Pick<MemberWithUser["user"], "name" | "givenName" | "familyName">;
};

/** `baseUrl` is the SCIM root, e.g. "https://gatehouse.example/api/scim/v2". */
export function toScimUser(member: ScimUserSource, baseUrl: string, opts: ToScimUserOptions = {}): ScimUser {
  const root = baseUrl.replace(/\/+$/, "");
  const role = member.role.toLowerCase() as ScimRoleName;
  const name = {
    ...(member.user.name != null && { formatted: member.user.name }),
    ...(member.user.givenName != null && { givenName: member.user.givenName }),
    ...(member.user.familyName != null && { familyName: member.user.familyName }),
  };
  return {
    schemas: [USER_SCHEMA, GATEHOUSE_USER_SCHEMA],
    id: member.id,
    // Unassigned attributes are left out rather than sent as null (RFC 7643 §2.5).
    ...(member.externalId != null && { externalId: member.externalId }),
    userName: member.userName,
    ...(Object.keys(name).length > 0 && { name }),
    ...(member.displayName != null && { displayName: member.displayName }),
    emails: [{ value: member.email, type: "work", primary: true }],
    active: member.status === "ACTIVE",
    roles: [{ value: role, primary: true }],
    ...(opts.groups && {
      groups: opts.groups.map((g) => ({ value: g.id, $ref: `${root}/Groups/${g.id}`, display: g.displayName, type: "direct" as const })),
    }),
    [GATEHOUSE_USER_SCHEMA]: { role },
    meta: {
      resourceType: "User",
      created: member.createdAt.toISOString(),
      // The membership row moves (version and updatedAt) on every change made through this team,
      // user-profile fields included, so it is the one clock for lastModified and the ETag.
      lastModified: member.updatedAt.toISOString(),
      location: `${root}/Users/${member.id}`,
      version: etagFor(member.version),
    },
  };
}

/**
 * What a SCIM User body asks for, shaped for addMember (plus teamId/source) and updateMember.
 * Profile fields are null when the body leaves them out: a PUT replaces the resource and a PATCH
 * `remove` leaves them out of the patched JSON, and both mean "clear it" (RFC 7644 §3.5.1).
 * role and status are undefined when not sent, so a sync that does not manage them keeps them.
 */
export type ScimUserInput = {
  userName: string;
  email: string;
  externalId: string | null;
  displayName: string | null;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  role?: Role;
  /** Present with `role`: the IdP decided it (outranks group mappings, see RoleSource). */
  roleSource?: "SCIM";
  status?: MembershipStatus;
};

const text = z.union([z.string(), z.number().transform(String)]).nullish();
const multiValue = z.looseObject({ value: text, primary: lenientBoolean.nullish() });

const scimUserBody = z.looseObject({
  userName: z.string({ error: "userName is required" }).trim().min(1, "userName must not be empty"),
  externalId: text,
  displayName: text,
  name: z.looseObject({ formatted: text, givenName: text, familyName: text }).nullish(),
  emails: z.array(multiValue).nullish(),
  active: lenientBoolean.nullish(),
  roles: z.array(multiValue).nullish(),
  [GATEHOUSE_USER_SCHEMA]: z.looseObject({ role: text }).nullish(),
});

/** Throws ScimError 400 (invalidSyntax for a non-object, invalidValue for bad attributes). */
export function fromScimUser(json: unknown): ScimUserInput {
  if (!isPlainObject(json)) throw new ScimError(400, "invalidSyntax", "A User must be a JSON object");
  // Case-variant names and the colon form "<urn>:role" are folded first; unknown attributes
  // (password, enterprise fields, …) pass through and are ignored.
  const parsed = scimUserBody.safeParse(canonicalize(USER_RESOURCE, json));
  if (!parsed.success) throw new ScimError(400, "invalidValue", describeZodError(parsed.error));
  const body = parsed.data;

  const role = body[GATEHOUSE_USER_SCHEMA]?.role ?? primaryValue(body.roles);
  return {
    userName: body.userName,
    email: emailOf(body.emails, body.userName),
    externalId: blankToNull(body.externalId),
    displayName: blankToNull(body.displayName),
    name: blankToNull(body.name?.formatted),
    givenName: blankToNull(body.name?.givenName),
    familyName: blankToNull(body.name?.familyName),
    ...(blankToNull(role) !== null && { role: toRole(role!), roleSource: "SCIM" as const }),
    ...(body.active != null && { status: body.active ? "ACTIVE" : "DEACTIVATED" }),
  };
}

type MultiValue = z.infer<typeof multiValue>;

/** The primary value, else the first (RFC 7643 §2.4). */
function primaryValue(values: MultiValue[] | null | undefined): string | undefined {
  const usable = (values ?? []).filter((v) => blankToNull(v.value) !== null);
  return (usable.find((v) => v.primary === true) ?? usable[0])?.value ?? undefined;
}

/**
 * The primary email, else the first, else the userName (Okta's "username format: Email"). Kept as
 * sent even when it is not an address: SCIM does not require one, and such a member is simply
 * one nobody can sign in as (see resolvePerson in lib/members/add-member.ts).
 */
function emailOf(emails: MultiValue[] | null | undefined, userName: string): string {
  return primaryValue(emails)?.trim() || userName;
}

const ROLES: Record<string, Role> = { owner: "OWNER", admin: "ADMIN", member: "MEMBER" };

function toRole(value: string): Role {
  const key = value.trim().toLowerCase();
  // hasOwn: "constructor" or "__proto__" must not find Object.prototype's members (a 500 before).
  const role = Object.hasOwn(ROLES, key) ? ROLES[key] : undefined;
  if (!role) throw new ScimError(400, "invalidValue", `Unknown role "${value}": use owner, admin or member`);
  return role;
}

const blankToNull = (v: string | null | undefined): string | null => {
  const trimmed = v?.trim();
  return trimmed ? trimmed : null;
};
