// GET /Users?filter=… → a Prisma where over Membership (+ its User), per the mapping in
// user-resource.ts. Case rules follow RFC 7643 §4.1: userName, names and emails compare ignoring
// case; id and externalId exactly (caseExact).
import { Prisma } from "../db/generated/client";
import { Role, MembershipStatus } from "../db/generated/enums";
import { normalizeEmail, normalizeUserName } from "../members/normalize";
import { sameName, type AttrPath } from "./attr-path";
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, USER_SCHEMA } from "./constants";
import type { ProfileTextField } from "../members/profile";
import type { CompareOp, CompValue, Filter } from "./filter";
import { parseLenientBoolean } from "./lenient-boolean";
import {
  compareConstant,
  dateCondition,
  foldFilter,
  teamScopedWhere,
  invalidFilter,
  leafParts,
  stringCondition,
  unsupported,
  type Cond,
  type FilterLeaf,
  type StringColumn,
} from "./where-builder";

type Where = Prisma.MembershipWhereInput;
type StringFilter = Record<string, unknown> | null;

/**
 * Always scoped to the team: the result is `{ teamId }` AND the filter, so a filter can never
 * reach another team's members. Throws ScimError 400 invalidFilter for attributes or operators
 * Gatehouse cannot filter on.
 */
export function userFilterToWhere(filter: Filter | undefined, teamId: string): Where {
  return teamScopedWhere<Where>(filter, teamId, userLeaf);
}

/**
 * The userName of an IdP's per-user lookup, `userName eq "…"` and nothing else, normalized as the
 * unique column holds it; null for any other filter. Such a lookup matches at most one member, and
 * is served by one statement (lib/scim-server/user-lookup.ts) instead of a where.
 */
export function userNameLookup(filter: Filter | undefined): string | null {
  if (!filter || filter.op !== "eq" || typeof filter.value !== "string") return null;
  const { path } = filter;
  const core = !path.schema || sameName(path.schema, USER_SCHEMA);
  return core && !path.subAttr && sameName(path.attr, "userName") ? normalizeUserName(filter.value) : null;
}

const membership =
  (column: "id" | "userNameNormalized" | "emailNormalized" | "externalId" | ProfileTextField) =>
  (f: StringFilter): Where =>
    ({ [column]: f }) as Where;

/** Profile attributes an IdP may match on, by lower-cased SCIM path, and their column. */
const PROFILE_FILTERS: Record<string, ProfileTextField> = {
  displayname: "displayName",
  nickname: "nickName",
  title: "title",
  usertype: "userType",
  preferredlanguage: "preferredLanguage",
  locale: "locale",
  timezone: "timezone",
  "name.formatted": "nameFormatted",
  "name.givenname": "givenName",
  "name.familyname": "familyName",
  "name.middlename": "middleName",
  "name.honorificprefix": "honorificPrefix",
  "name.honorificsuffix": "honorificSuffix",
};
const ENTERPRISE_FILTERS: Record<string, ProfileTextField> = {
  employeenumber: "employeeNumber",
  costcenter: "costCenter",
  organization: "organization",
  division: "division",
  department: "department",
  "manager.value": "managerValue",
  "manager.displayname": "managerDisplayName",
};

const EXACT: StringColumn = { caseExact: true, nullable: false };
const EXACT_NULLABLE: StringColumn = { caseExact: true, nullable: true };
const IGNORE_CASE_NULLABLE: StringColumn = { caseExact: false, nullable: true };

function userLeaf(f: FilterLeaf): Cond<Where> {
  const path = f.path;
  const schema = schemaOf(path);
  if (schema === "gatehouse") {
    if (!sameName(path.attr, "role") || path.subAttr || f.op === "valuePath") return unsupported(path);
    return roleCondition(path, f);
  }
  const key = `${path.attr}${path.subAttr ? `.${path.subAttr}` : ""}`.toLowerCase();
  // hasOwn: a filter on "constructor" must not find Object.prototype's members.
  const profileColumn = Object.hasOwn(PROFILE_FILTERS, key) ? PROFILE_FILTERS[key] : undefined;
  if (schema === "enterprise") {
    const column = Object.hasOwn(ENTERPRISE_FILTERS, key) ? ENTERPRISE_FILTERS[key] : undefined;
    if (!column || f.op === "valuePath") return unsupported(path);
    const { op, value } = leafParts(f);
    return stringCondition(membership(column), IGNORE_CASE_NULLABLE, path, op, value);
  }
  if (profileColumn && f.op !== "valuePath") {
    const { op, value } = leafParts(f);
    return stringCondition(membership(profileColumn), IGNORE_CASE_NULLABLE, path, op, value);
  }
  if (f.op === "valuePath") {
    if (sameName(path.attr, "emails")) return sameEmailCondition(f.filter) ?? foldFilter<Where>(f.filter, emailElementLeaf);
    if (sameName(path.attr, "roles")) return foldFilter<Where>(f.filter, roleElementLeaf);
    return invalidFilter(`"${path.attr}" is not a multi-valued attribute Gatehouse can filter on`);
  }
  const { op, value } = leafParts(f);
  const attr = path.attr.toLowerCase();
  const sub = path.subAttr?.toLowerCase();

  if (!sub) {
    switch (attr) {
      case "id":
        return stringCondition(membership("id"), EXACT, path, op, value);
      case "username":
        return stringCondition(membership("userNameNormalized"), { caseExact: false, nullable: false, normalize: normalizeUserName }, path, op, value);
      case "externalid":
        return stringCondition(membership("externalId"), EXACT_NULLABLE, path, op, value);
      case "active":
        return statusCondition(path, op, value);
      // A multi-valued attribute without a sub-attribute compares its "value" (RFC 7644 §3.4.2.2).
      // `email` is no RFC 7643 attribute, but it is what admins type into Okta's "Unique identifier
      // field for users" when a guide (ConfigCat's) tells them to, and Okta then filters on it: the
      // member's email, as its name says.
      case "email":
        return emailElementLeaf({ ...f, path: { attr: "value" } } as FilterLeaf);
      case "emails":
        return anyEmailEquals(op, value) ?? emailElementLeaf({ ...f, path: { attr: "value" } } as FilterLeaf);
      case "roles":
        return roleElementLeaf({ ...f, path: { attr: "value" } } as FilterLeaf);
      // `name pr`: present when any of its parts is.
      case "name":
        if (op !== "pr") return invalidFilter(`"${path.attr}" is complex: filter on a sub-attribute such as name.familyName`);
        return foldFilter<Where>(
          {
            op: "or",
            filters: ["formatted", "givenName", "familyName", "middleName", "honorificPrefix", "honorificSuffix"].map((s) => ({
              op: "pr" as const,
              path: { attr: "name", subAttr: s },
            })),
          },
          userLeaf,
        );
    }
  } else if (attr === "emails") {
    return (sub === "value" ? anyEmailEquals(op, value) : null) ?? emailElementLeaf({ ...f, path: { attr: path.subAttr! } } as FilterLeaf);
  } else if (attr === "roles") {
    return roleElementLeaf({ ...f, path: { attr: path.subAttr! } } as FilterLeaf);
  } else if (attr === "meta") {
    if (sub === "created") return dateCondition<Where>((d) => ({ createdAt: d }), path, op, value);
    if (sub === "lastmodified") return dateCondition<Where>((d) => ({ updatedAt: d }), path, op, value);
    if (sub === "resourcetype") return compareConstant("User", path, op, value);
  }
  return unsupported(path);
}

function schemaOf(path: AttrPath): "core" | "gatehouse" | "enterprise" {
  // Unqualified, a name only an extension has is that extension's (RFC 7644 §3.10 asks clients to
  // qualify, but does not require it).
  if (!path.schema) {
    const key = `${path.attr}${path.subAttr ? `.${path.subAttr}` : ""}`.toLowerCase();
    if (Object.hasOwn(ENTERPRISE_FILTERS, key)) return "enterprise";
    if (sameName(path.attr, "role")) return "gatehouse";
    return "core";
  }
  if (sameName(path.schema, USER_SCHEMA)) return "core";
  if (sameName(path.schema, GATEHOUSE_USER_SCHEMA)) return "gatehouse";
  if (sameName(path.schema, ENTERPRISE_USER_SCHEMA)) return "enterprise";
  return unsupported(path);
}

// A member without an emails list reads false here, not unknown: the element tests below are NULL
// for a missing path, and `not (emails[…])` would drop them (NOT NULL is NULL).
const HAS_EMAIL_LIST: Where = { NOT: { profileLists: { path: ["emails"], equals: Prisma.AnyNull } } };

/** What a value path asks of one email: `emails[type eq "work"].value eq "…"`, Entra's and Okta's matching form. */
export type EmailElement = { type?: string; value?: string; primary?: boolean };

function emailElementOf(f: Filter, e: EmailElement): boolean {
  if (f.op === "and") return f.filters.every((part) => emailElementOf(part, e));
  if (f.op !== "eq" || f.path.schema || f.path.subAttr) return false;
  const sub = f.path.attr.toLowerCase();
  if ((sub === "type" || sub === "value") && typeof f.value === "string" && e[sub] === undefined) e[sub] = f.value;
  else if (sub === "primary" && typeof f.value === "boolean" && e.primary === undefined) e.primary = f.value;
  else return false;
  return true;
}

/**
 * What a lookup by address asks of a member: that its emails list contain one of `lists` (JSON
 * containment, @>), or that its primary address be `primary.emailNormalized` and, unless
 * `primary.lists` is null (the column alone), that its list contain one of those. The general
 * listing's where (sameEmailCondition) and the lookup's own statement (lib/scim-server/
 * user-lookup.ts) are both built from it, so they cannot drift apart. `notPrimary`: the value
 * path said `primary eq false`, so an element of `lists` must not be the primary one as well
 * (the general listing alone answers that).
 */
export type AddressMatch = { lists: EmailElement[]; primary: { emailNormalized: string; lists: EmailElement[] | null } | null; notPrimary?: true };

/**
 * A value path of equalities on type and value, held by one and the same email (RFC 7644
 * §3.4.2.2), or null for any other shape (then each comparison is read alone, below). Before,
 * each part was read alone: `emails[type eq "work"].value eq "x"` matched anyone whose primary
 * address was x and who had some work address, and missed x when it was not the primary one.
 * The list keeps addresses and types as the IdP sent them, so an element is matched as sent or
 * in lower case (a type also capitalized); the primary address whatever its case, through the
 * normalized column. An address kept in mixed case and asked for in another is not found, unless
 * it is the primary one: folding the list's case in SQL would need a column of its own.
 */
function addressMatchOf(f: Filter): AddressMatch | null {
  const e: EmailElement = {};
  if (!emailElementOf(f, e) || (e.type === undefined && e.value === undefined)) return null;
  const spellings = (s: string | undefined) => (s === undefined ? [undefined] : [...new Set([s, s.toLowerCase()])]);
  // Types are canonical words ("work"), which some IdPs capitalize ("Work").
  const typeSpellings = (s: string | undefined) => (s === undefined ? [undefined] : [...new Set([...spellings(s), s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()])]);
  const defined = (x: EmailElement) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as EmailElement;
  const lists: EmailElement[] = [];
  // Stored lists keep only `primary: true` (user-resource.ts): one not primary says nothing of it
  // (RFC 7643 §2.4), so `primary eq false` is an element that is not also the primary one.
  const notPrimary = e.primary === false;
  for (const type of typeSpellings(e.type)) for (const value of spellings(e.value)) lists.push(defined({ type, value, primary: e.primary || undefined }));
  if (notPrimary) return { lists, primary: null, notPrimary };
  // Without a type, the column alone: it is the member's email even with no list (Okta's `email eq`).
  const primary =
    e.value !== undefined
      ? { emailNormalized: normalizeEmail(e.value), lists: e.type === undefined ? null : typeSpellings(e.type).map((type) => defined({ type, primary: true })) }
      : null;
  return { lists, primary };
}

function sameEmailCondition(f: Filter): Cond<Where> | null {
  const match = addressMatchOf(f);
  if (!match) return null;
  const element = (x: EmailElement): Where => ({ AND: [HAS_EMAIL_LIST, { profileLists: { path: ["emails"], array_contains: [x] } }] });
  // Not primary: held by the list, and not by its primary element. (One address the list holds
  // twice, once as the primary one, reads as primary: lists are not expected to repeat one.)
  const any: Where[] = match.lists.map((x) => (match.notPrimary ? { AND: [element(x), { NOT: element({ ...x, primary: true }) }] } : element(x)));
  if (match.primary) {
    const primary = { emailNormalized: { equals: match.primary.emailNormalized } };
    if (match.primary.lists === null) any.push(primary);
    else for (const x of match.primary.lists) any.push({ AND: [primary, element(x)] });
  }
  return any.length === 1 ? any[0]! : { OR: any };
}

/**
 * The address of an IdP's per-user lookup by mail, as an AddressMatch: `emails[type eq "work"]
 * .value eq "…"` (Entra ID matching on mail), `emails eq "…"`, `emails.value eq "…"`, `email eq
 * "…"` (Okta's "email" identifier), each alone; null for any other filter. Served by a statement
 * of its own (lib/scim-server/user-lookup.ts) that answers what userFilterToWhere's where does.
 */
export function addressLookup(filter: Filter | undefined): AddressMatch | null {
  if (!filter || (filter.op !== "valuePath" && filter.op !== "eq")) return null;
  const { path } = filter;
  // As userLeaf reads the path: a schema it refuses is the general listing's to refuse.
  if (path.schema && !sameName(path.schema, USER_SCHEMA)) return null;
  if (filter.op === "valuePath") {
    const match = sameName(path.attr, "emails") ? addressMatchOf(filter.filter) : null;
    return match && !match.notPrimary && match.lists.some((x) => x.value !== undefined) ? match : null;
  }
  if (typeof filter.value !== "string") return null;
  const sub = path.subAttr?.toLowerCase();
  if (sameName(path.attr, "emails") && (sub === undefined || sub === "value")) return addressMatchOf({ op: "eq", path: { attr: "value" }, value: filter.value });
  if (sameName(path.attr, "email") && sub === undefined) return { lists: [], primary: { emailNormalized: normalizeEmail(filter.value), lists: null } };
  return null;
}

/**
 * `emails eq "x"` and `emails.value eq "x"`: true when any of the member's emails is x, as
 * `emails[value eq "x"]` is (RFC 7644 §3.4.2.2: a multi-valued attribute matches when any of its
 * values does). Before, they read only the primary email, so a lookup by an address the IdP sent
 * as a second one missed the member the value path found. Null for other comparisons.
 */
function anyEmailEquals(op: CompareOp | "pr", value: CompValue | undefined): Cond<Where> | null {
  return op === "eq" && typeof value === "string" ? sameEmailCondition({ op: "eq", path: { attr: "value" }, value }) : null;
}

/**
 * Emails: `value` compares the primary email (a column, indexed: what IdPs match on); `type eq`
 * looks into the stored list; `primary` is true of the primary email the column holds.
 */
function emailElementLeaf(f: FilterLeaf): Cond<Where> {
  if (f.op === "valuePath") return invalidFilter("value filters cannot be nested");
  const { op, value } = leafParts(f);
  const sub = f.path.attr.toLowerCase();
  if (f.path.subAttr || f.path.schema) return unsupported(f.path);
  if (sub === "value") {
    return stringCondition(membership("emailNormalized"), { caseExact: false, nullable: false, normalize: normalizeEmail }, f.path, op, value);
  }
  if (sub === "type") {
    if (op !== "eq" || typeof value !== "string") return invalidFilter('emails.type supports only "eq" with a string');
    return sameEmailCondition({ op: "eq", path: { attr: "type" }, value })!;
  }
  if (sub === "primary") return compareConstant(true, f.path, op, value);
  return unsupported({ attr: "emails", subAttr: f.path.attr });
}

/** roles: one value, the team role in lower case, primary. */
function roleElementLeaf(f: FilterLeaf): Cond<Where> {
  if (f.op === "valuePath") return invalidFilter("value filters cannot be nested");
  if (f.path.subAttr || f.path.schema) return unsupported(f.path);
  const sub = f.path.attr.toLowerCase();
  if (sub === "value") return roleCondition(f.path, f);
  if (sub === "primary") {
    const { op, value } = leafParts(f);
    return compareConstant(true, f.path, op, value);
  }
  return unsupported({ attr: "roles", subAttr: f.path.attr });
}

/** Evaluates the comparison against each role name and keeps the roles that pass. */
function roleCondition(path: AttrPath, f: FilterLeaf): Cond<Where> {
  const { op, value } = leafParts(f);
  const roles = Object.values(Role).filter((r) => compareConstant(r.toLowerCase(), path, op, value));
  if (roles.length === 0) return false;
  if (roles.length === Object.values(Role).length) return true;
  return { role: { in: roles } };
}

function statusCondition(path: AttrPath, op: CompareOp | "pr", value: CompValue | undefined): Cond<Where> {
  // Lenient like the rest of Gatehouse's SCIM input: `active eq "True"` means true.
  const v = typeof value === "string" ? (parseLenientBoolean(value) ?? value) : value;
  const statuses = Object.values(MembershipStatus).filter((s) => compareConstant(s === "ACTIVE", path, op, v));
  if (statuses.length === 0) return false;
  if (statuses.length === Object.values(MembershipStatus).length) return true;
  return { status: { in: statuses } };
}
