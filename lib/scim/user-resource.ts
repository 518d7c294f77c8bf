// Membership ⇄ SCIM User (RFC 7643 §4.1, §4.3). A SCIM User *is* a membership: its id is the
// membership id and everything it says about the person is that team's own profile
// (lib/members/profile.ts), so one team's token never reads or writes another team's view.
//
// Every attribute /Schemas declares round-trips as sent: singular ones through their columns,
// multi-valued ones (emails with type/primary/display, phoneNumbers, addresses, …) as lists. The
// team role is rendered both as the Gatehouse extension's `role` and as the primary `roles` value
// (Entra's app roles); a write may come through either (see roleFromBody for which one wins).
import { z } from "zod";
import { scimText } from "./number-text";
import type { MembershipStatus, Role } from "../db/generated/enums";
import { highestRole } from "../groups/role-precedence";
import {
  PROFILE_LIST_FIELDS,
  primaryItem,
  readProfileLists,
  type MemberProfile,
  type ProfileListField,
  type ProfileListItem,
  type ProfileLists,
  type ProfileTextField,
} from "../members/profile";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, USER_SCHEMA } from "./constants";
import { etagFor } from "./etag";
import { ScimError, describeZodError } from "./errors";
import { lenientBoolean } from "./lenient-boolean";
import { coerce } from "./patch-values";
import { USER_RESOURCE, canonicalize, findAttribute, isPlainObject, type ScimResource } from "./resource-schemas";

export type ScimRoleName = "owner" | "admin" | "member";

type Text = string | undefined;

export type ScimUser = {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name?: { formatted?: string; familyName?: string; givenName?: string; middleName?: string; honorificPrefix?: string; honorificSuffix?: string };
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active: boolean;
  emails?: ProfileListItem[];
  phoneNumbers?: ProfileListItem[];
  ims?: ProfileListItem[];
  photos?: ProfileListItem[];
  addresses?: ProfileListItem[];
  entitlements?: ProfileListItem[];
  roles: { value: ScimRoleName; primary: true }[];
  x509Certificates?: ProfileListItem[];
  groups?: { value: string; $ref: string; display: string; type: "direct" }[];
  [ENTERPRISE_USER_SCHEMA]?: {
    employeeNumber?: string;
    costCenter?: string;
    organization?: string;
    division?: string;
    department?: string;
    manager?: { value?: string; $ref?: string; displayName?: string };
  };
  [GATEHOUSE_USER_SCHEMA]: { role: ScimRoleName };
  meta: { resourceType: "User"; created: string; lastModified: string; location: string; version: string };
};

export type ToScimUserOptions = {
  /** The groups the member is in, to fill the read-only `groups` attribute (RFC 7643 §4.1.2). */
  groups?: { id: string; displayName: string }[];
};

/** What a SCIM User is made of: the membership row (its profile included), nothing of the shared User. */
export type ScimUserSource = Omit<MemberProfile, "profileLists"> & {
  id: string;
  externalId: string | null;
  userName: string;
  email: string;
  status: MembershipStatus;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** The Json column as read (validated by readProfileLists). */
  profileLists: unknown;
};

/** Only the keys whose value is assigned: unassigned attributes are left out, not null (RFC 7643 §2.5). */
function assigned<T extends Record<string, string | null | undefined>>(o: T): { [K in keyof T]?: string } | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v != null) out[k] = v;
  return Object.keys(out).length > 0 ? (out as { [K in keyof T]?: string }) : undefined;
}

/** `baseUrl` is the SCIM root, e.g. "https://gatehouse.example/api/scim/v2". */
export function toScimUser(member: ScimUserSource, baseUrl: string, opts: ToScimUserOptions = {}): ScimUser {
  const root = baseUrl.replace(/\/+$/, "");
  const role = member.role.toLowerCase() as ScimRoleName;
  const lists = readProfileLists(member.profileLists);
  const name = assigned({
    formatted: member.nameFormatted,
    familyName: member.familyName,
    givenName: member.givenName,
    middleName: member.middleName,
    honorificPrefix: member.honorificPrefix,
    honorificSuffix: member.honorificSuffix,
  });
  const manager = assigned({ value: member.managerValue, $ref: member.managerRef, displayName: member.managerDisplayName });
  const enterprise = {
    ...assigned({
      employeeNumber: member.employeeNumber,
      costCenter: member.costCenter,
      organization: member.organization,
      division: member.division,
      department: member.department,
    }),
    ...(manager && { manager }),
  };
  const hasEnterprise = Object.keys(enterprise).length > 0;
  return {
    schemas: [USER_SCHEMA, GATEHOUSE_USER_SCHEMA, ...(hasEnterprise ? [ENTERPRISE_USER_SCHEMA] : [])],
    id: member.id,
    ...(member.externalId != null && { externalId: member.externalId }),
    userName: member.userName,
    ...(name && { name }),
    ...assigned({
      displayName: member.displayName,
      nickName: member.nickName,
      profileUrl: member.profileUrl,
      title: member.title,
      userType: member.userType,
      preferredLanguage: member.preferredLanguage,
      locale: member.locale,
      timezone: member.timezone,
    }),
    active: member.status === "ACTIVE",
    ...lists,
    roles: [{ value: role, primary: true }],
    ...(opts.groups && {
      groups: opts.groups.map((g) => ({ value: g.id, $ref: `${root}/Groups/${g.id}`, display: g.displayName, type: "direct" as const })),
    }),
    ...(hasEnterprise && { [ENTERPRISE_USER_SCHEMA]: enterprise }),
    [GATEHOUSE_USER_SCHEMA]: { role },
    meta: {
      resourceType: "User",
      created: member.createdAt.toISOString(),
      // The membership row moves (version and updatedAt) on every change this team can read, so it
      // is the one clock for lastModified and the ETag.
      lastModified: member.updatedAt.toISOString(),
      location: `${root}/Users/${member.id}`,
      version: etagFor(member.version),
    },
  };
}

/** A role as a body states it: undefined = not stated, null = stated as none (unassigned). */
type StatedRole = Role | null | undefined;

/**
 * What a SCIM User body says, shaped for addMember (plus teamId/source) and updateMember. Profile
 * fields are null and lists absent when the body leaves them out: a PUT replaces the resource,
 * and a PATCH `remove` leaves them out of the patched JSON; both mean "unassign" (RFC 7644 §3.5.1).
 * Roles and status are kept apart: a sync that does not manage them keeps them.
 */
export type ScimUserInput = Record<ProfileTextField, string | null> & {
  userName: string;
  /** The primary email, else the first, else the userName (Okta's "username format: Email"). */
  email: string;
  externalId: string | null;
  profileLists: ProfileLists;
  /** The role as the Gatehouse extension states it, and as core `roles` does. */
  roles: { extension: StatedRole; core: StatedRole };
  status?: MembershipStatus;
};

const text = scimText.nullish();
const textObject = (keys: readonly string[]) => z.looseObject(Object.fromEntries(keys.map((k) => [k, text])));
const listItem = z.looseObject({ value: text, primary: lenientBoolean.nullish() });

const scimUserBody = z.looseObject({
  userName: z.string({ error: "userName is required" }).trim().min(1, "userName must not be empty"),
  externalId: text,
  displayName: text,
  nickName: text,
  profileUrl: text,
  title: text,
  userType: text,
  preferredLanguage: text,
  locale: text,
  timezone: text,
  name: textObject(["formatted", "givenName", "familyName", "middleName", "honorificPrefix", "honorificSuffix"]).nullish(),
  ...(Object.fromEntries(PROFILE_LIST_FIELDS.map((f) => [f, z.array(listItem).nullish()])) as unknown as Record<ProfileListField, z.ZodType<unknown[] | null | undefined>>),
  active: lenientBoolean.nullish(),
  roles: z.array(listItem).nullish(),
  [GATEHOUSE_USER_SCHEMA]: z.looseObject({ role: text }).nullish(),
  [ENTERPRISE_USER_SCHEMA]: z
    .looseObject({
      employeeNumber: text,
      costCenter: text,
      organization: text,
      division: text,
      department: text,
      // Entra sends the manager as a bare id string too.
      manager: z.union([z.string().transform((value) => ({ value })), textObject(["value", "$ref", "displayName"])]).nullish(),
    })
    .nullish(),
});

/** Throws ScimError 400 (invalidSyntax for a non-object, invalidValue for bad attributes). */
export function fromScimUser(json: unknown): ScimUserInput {
  if (!isPlainObject(json)) throw new ScimError(400, "invalidSyntax", "A User must be a JSON object");
  // Case-variant names and the colon form "<urn>:role" are folded first; attributes /Schemas does
  // not declare (password, unknown names) pass through and are ignored.
  const parsed = scimUserBody.safeParse(canonicalize(USER_RESOURCE, json));
  if (!parsed.success) throw new ScimError(400, "invalidValue", describeZodError(parsed.error));
  const body = parsed.data as z.infer<typeof scimUserBody> & Record<ProfileListField, unknown[] | null | undefined>;
  const enterprise = body[ENTERPRISE_USER_SCHEMA];
  const manager = enterprise?.manager as Record<string, Text | null> | null | undefined;
  const profileLists = listsOf(body);

  return {
    userName: body.userName,
    email: (primaryItem(profileLists.emails)?.value as string | undefined)?.trim() || body.userName,
    externalId: blankToNull(body.externalId),
    displayName: blankToNull(body.displayName),
    nickName: blankToNull(body.nickName),
    profileUrl: blankToNull(body.profileUrl),
    title: blankToNull(body.title),
    userType: blankToNull(body.userType),
    preferredLanguage: blankToNull(body.preferredLanguage),
    locale: blankToNull(body.locale),
    timezone: blankToNull(body.timezone),
    nameFormatted: blankToNull(body.name?.formatted),
    givenName: blankToNull(body.name?.givenName),
    familyName: blankToNull(body.name?.familyName),
    middleName: blankToNull(body.name?.middleName),
    honorificPrefix: blankToNull(body.name?.honorificPrefix),
    honorificSuffix: blankToNull(body.name?.honorificSuffix),
    employeeNumber: blankToNull(enterprise?.employeeNumber),
    costCenter: blankToNull(enterprise?.costCenter),
    organization: blankToNull(enterprise?.organization),
    division: blankToNull(enterprise?.division),
    department: blankToNull(enterprise?.department),
    managerValue: blankToNull(manager?.value),
    managerRef: blankToNull(manager?.$ref),
    managerDisplayName: blankToNull(manager?.displayName),
    profileLists,
    roles: {
      // Left out (the extension, its role, roles, or a value in its items): not stated. Null or ""
      // (the role, or the whole extension) and an empty or null roles list: stated as none.
      extension: statedExtensionRole(body[GATEHOUSE_USER_SCHEMA]),
      core: statedCoreRole(body.roles as ProfileListItem[] | null | undefined),
    },
    ...(body.active != null && { status: body.active ? "ACTIVE" : "DEACTIVATED" }),
  };
}

/**
 * The role a POST or PUT body asks for: the Gatehouse extension when it states one, else core
 * `roles` (a body carrying both, as a GET echoed back does, means the extension's). Undefined:
 * the body leaves the role alone.
 */
export function roleFromBody(input: ScimUserInput): Role | undefined {
  return input.roles.extension ?? input.roles.core ?? undefined;
}

/** Sub-attributes that only label a value of a list: a value with nothing else is no value. */
const LIST_LABELS = new Set(["type", "primary", "display"]);

/**
 * Multi-valued attributes as sent, with only the sub-attributes /Schemas declares (others are
 * ignored, as unknown attributes are), each `primary` a real boolean, at most one primary. Blank
 * sub-attributes are unassigned, as blank singular ones are, and a value left with nothing but
 * labels is none: OneLogin's template sends a person without a phone number or an address as
 * `{"value": "", "type": "work"}` and `{"locality": "", "country": ""}`, and a PATCH removing a
 * value's `value` leaves its type behind.
 */
function listsOf(body: Record<ProfileListField, unknown[] | null | undefined>): ProfileLists {
  const out: ProfileLists = {};
  for (const field of PROFILE_LIST_FIELDS) {
    const raw = body[field];
    if (raw == null) continue;
    const def = findAttribute(USER_RESOURCE.core.attributes, field)!;
    let seenPrimary = false;
    const items: ProfileListItem[] = [];
    raw.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      const kept: ProfileListItem = {};
      for (const sub of def.subAttributes ?? []) {
        const v = item[sub.name];
        if (v == null || (typeof v === "string" && v.trim() === "")) continue;
        if (sub.type === "boolean") {
          if (v === true && !seenPrimary) kept[sub.name] = true;
        } else {
          // As PATCH reads it (an object or a list is refused, not kept as "[object Object]").
          kept[sub.name] = coerce(sub, v, `${field}[${i}].${sub.name}`) as string;
        }
      }
      if (!Object.keys(kept).some((k) => !LIST_LABELS.has(k))) return;
      if (kept.primary === true) seenPrimary = true;
      items.push(kept);
    });
    // An empty list is an unassigned attribute (RFC 7643 §2.5), left out like the others.
    if (items.length > 0) out[field] = items;
  }
  return out;
}

const ROLES: Record<string, Role> = { owner: "OWNER", admin: "ADMIN", member: "MEMBER" };

function statedExtensionRole(ext: { role?: string | null } | null | undefined): StatedRole {
  if (ext === undefined) return undefined;
  if (ext === null) return null;
  return ext.role === undefined ? undefined : statedRole(ext.role);
}

function statedCoreRole(roles: ProfileListItem[] | null | undefined): StatedRole {
  if (roles === undefined) return undefined;
  if (roles === null || roles.length === 0) return null;
  const chosen = primaryItem(roles);
  if (chosen === undefined) return undefined;
  if (chosen.primary === true) return statedRole(chosen.value as string);
  // Values none of which is primary (Entra ID's AppRoleAssignmentsComplex sends each assigned app
  // role with primary "False", in no meaningful order): the highest role they name, as with several
  // role-mapped groups or SAML role values. Values naming no role are passed over, and a list of
  // which none does states no role of ours, as an empty one (the group-mapped or default role):
  // core `roles` is free-form (RFC 7643 §4.1.2), and Entra sends its default `msiam_access` alone
  // for everyone assigned with Default Access; refused, none of them was ever created (found by an
  // IdP review). Only a value the IdP marks primary must name a role.
  return highestRole(roles.flatMap((r) => roleNamed(r.value) ?? []));
}

/** The role a value names (any case, padded), if any. */
function roleNamed(value: unknown): Role | undefined {
  const key = typeof value === "string" ? value.trim().toLowerCase() : "";
  // hasOwn: "constructor" or "__proto__" must not find Object.prototype's members (a 500 before).
  return Object.hasOwn(ROLES, key) ? ROLES[key] : undefined;
}

function statedRole(value: string | null | undefined): Role | null {
  const v = blankToNull(value);
  if (v === null) return null;
  const role = roleNamed(v);
  if (!role) throw new ScimError(400, "invalidValue", `Unknown role "${v}": use owner, admin or member`);
  return role;
}

/**
 * A blank value is an unassigned one; any other is kept as sent, spaces included: the IdP compares
 * what it reads back with its own value, and a trimmed one made Entra send it again every cycle
 * and a padded externalId's lookup miss, then its POST a 409 (found by an IdP review).
 */
const blankToNull = (v: string | null | undefined): string | null => (v?.trim() ? v : null);
