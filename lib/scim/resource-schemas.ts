// What Gatehouse's SCIM User and Group look like, as RFC 7643 attribute characteristics (§2.2,
// §4, §7). PATCH uses them to resolve and validate paths, attribute selection for the "returned"
// rule, and the mappers to fold case-variant keys onto canonical names.
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./constants";
import { findKey, sameName } from "./attr-path";

/** A SCIM resource as plain JSON. */
export type ScimResource = Record<string, unknown>;

export type AttributeDef = {
  name: string;
  type: "string" | "boolean" | "dateTime" | "reference" | "complex";
  multiValued?: boolean;
  /** Default false (RFC 7643 §2.2): compare ignoring case. */
  caseExact?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  /** Default "default" (RFC 7643 §2.2). */
  returned?: "always" | "default" | "never" | "request";
  subAttributes?: AttributeDef[];
  /**
   * Defined by RFC 7643 but not kept by Gatehouse (only `password`, never stored). Writes to it are
   * accepted and dropped, and /Schemas leaves it out.
   */
  ignored?: boolean;
  /**
   * Cannot be unassigned: a PATCH `remove` (or a null) is refused with 400 mutability (RFC 7644
   * §3.5.2.2). /Schemas says so in the description.
   */
  notRemovable?: string;
  /** SCIM 1.1's name for the same sub-attribute, read as this one (the manager's `managerId`). */
  formerName?: string;
};

export type SchemaDef = {
  id: string;
  name: string;
  attributes: AttributeDef[];
  /**
   * The schema's SCIM 1.1 URN, read as this one: OneLogin's developer guide still gives admins a
   * template written with it ("urn:scim:schemas:extension:enterprise:1.0").
   */
  formerId?: string;
};

export type ResourceSchema = {
  resourceType: "User" | "Group";
  core: SchemaDef;
  extensions: SchemaDef[];
};

const str = (name: string, extra: Partial<AttributeDef> = {}): AttributeDef => ({ name, type: "string", ...extra });
const ignored = (name: string, extra: Partial<AttributeDef> = {}): AttributeDef => ({ name, type: "string", ignored: true, ...extra });
const primary: AttributeDef = { name: "primary", type: "boolean" };
/** A multi-valued attribute with RFC 7643 §2.4's usual sub-attributes, and any extra ones. */
const multi = (name: string, subs: AttributeDef[] = [str("value"), str("display"), str("type")]): AttributeDef => ({
  name,
  type: "complex",
  multiValued: true,
  subAttributes: [...subs, primary],
});

// RFC 7643 §3.1: common to every resource.
const COMMON: AttributeDef[] = [
  str("id", { caseExact: true, mutability: "readOnly", returned: "always" }),
  str("externalId", { caseExact: true }),
  {
    name: "meta",
    type: "complex",
    mutability: "readOnly",
    subAttributes: [
      str("resourceType", { caseExact: true, mutability: "readOnly" }),
      { name: "created", type: "dateTime", mutability: "readOnly" },
      { name: "lastModified", type: "dateTime", mutability: "readOnly" },
      { name: "location", type: "reference", caseExact: true, mutability: "readOnly" },
      str("version", { caseExact: true, mutability: "readOnly" }),
    ],
  },
];

export const USER_RESOURCE: ResourceSchema = {
  resourceType: "User",
  core: {
    id: USER_SCHEMA,
    name: "User",
    attributes: [
      ...COMMON,
      str("userName", { notRemovable: "userName is required" }),
      {
        name: "name",
        type: "complex",
        subAttributes: [
          str("formatted"),
          str("familyName"),
          str("givenName"),
          str("middleName"),
          str("honorificPrefix"),
          str("honorificSuffix"),
        ],
      },
      str("displayName"),
      str("nickName"),
      { name: "profileUrl", type: "reference" },
      str("title"),
      str("userType"),
      str("preferredLanguage"),
      str("locale"),
      str("timezone"),
      { name: "active", type: "boolean", notRemovable: "a member is active or not: send active false to deactivate" },
      // SCIM passwords are never stored (see lib/members/add-member.ts).
      ignored("password", { mutability: "writeOnly", returned: "never" }),
      multi("emails"),
      multi("phoneNumbers"),
      multi("ims"),
      multi("photos", [{ name: "value", type: "reference" }, str("display"), str("type")]),
      multi("addresses", [str("formatted"), str("streetAddress"), str("locality"), str("region"), str("postalCode"), str("country"), str("type")]),
      {
        name: "groups",
        type: "complex",
        multiValued: true,
        mutability: "readOnly",
        subAttributes: [
          str("value", { caseExact: true, mutability: "readOnly" }),
          { name: "$ref", type: "reference", caseExact: true, mutability: "readOnly" },
          str("display", { mutability: "readOnly" }),
          str("type", { mutability: "readOnly" }),
        ],
      },
      multi("entitlements"),
      // Entra app roles and Okta role attributes arrive here; the team role is the primary value.
      // Removing it hands the role back to the role-mapped groups or the team default.
      multi("roles"),
      multi("x509Certificates"),
    ],
  },
  extensions: [
    {
      id: GATEHOUSE_USER_SCHEMA,
      name: "GatehouseUser",
      attributes: [str("role")],
    },
    {
      id: ENTERPRISE_USER_SCHEMA,
      formerId: "urn:scim:schemas:extension:enterprise:1.0",
      name: "EnterpriseUser",
      attributes: [
        str("employeeNumber"),
        str("costCenter"),
        str("organization"),
        str("division"),
        str("department"),
        {
          name: "manager",
          type: "complex",
          subAttributes: [str("value", { formerName: "managerId" }), { name: "$ref", type: "reference" }, str("displayName")],
        },
      ],
    },
  ],
};

export const GROUP_RESOURCE: ResourceSchema = {
  resourceType: "Group",
  core: {
    id: GROUP_SCHEMA,
    name: "Group",
    attributes: [
      ...COMMON,
      str("displayName"),
      {
        name: "members",
        type: "complex",
        multiValued: true,
        subAttributes: [
          // Membership ids: compared exactly.
          str("value", { caseExact: true, mutability: "immutable" }),
          { name: "$ref", type: "reference", caseExact: true, mutability: "immutable" },
          str("display", { mutability: "readOnly" }),
          str("type", { mutability: "immutable" }),
        ],
      },
    ],
  },
  extensions: [],
};

export const findAttribute = (defs: AttributeDef[] | undefined, name: string): AttributeDef | undefined =>
  defs?.find((d) => sameName(d.name, name)) ?? defs?.find((d) => d.formerName !== undefined && sameName(d.formerName, name));

/** Whether `urn` names the schema `s`, by its URN or its SCIM 1.1 one. */
const namesSchema = (s: SchemaDef, urn: string) => sameName(urn, s.id) || (s.formerId !== undefined && sameName(urn, s.formerId));

/** The schema a path's URN names: undefined for none, null for a URN this resource does not have. */
export function findSchema(resource: ResourceSchema, urn: string | undefined): SchemaDef | null | undefined {
  if (urn === undefined) return undefined;
  if (namesSchema(resource.core, urn)) return resource.core;
  return resource.extensions.find((e) => namesSchema(e, urn)) ?? null;
}

/** The extension whose URN `key` is, or whose URN prefixes `key` as "<urn>:<attr…>". */
export function matchExtensionKey(resource: ResourceSchema, key: string): { ext: SchemaDef; rest?: string } | undefined {
  for (const ext of [resource.core, ...resource.extensions]) {
    for (const id of ext.formerId === undefined ? [ext.id] : [ext.id, ext.formerId]) {
      if (sameName(key, id)) return { ext };
      if (key.length > id.length + 1 && key[id.length] === ":" && sameName(key.slice(0, id.length), id)) return { ext, rest: key.slice(id.length + 1) };
    }
  }
  return undefined;
}

/**
 * Renames keys to their canonical spelling (`UserName` → `userName`, sub-attributes too), folds
 * colon-form extension keys (`"<urn>:role": "admin"`) and core-URN keys into place, and keeps
 * unknown keys as they are. Input is not modified.
 */
export function canonicalize(resource: ResourceSchema, json: ScimResource): ScimResource {
  const out: ScimResource = {};
  for (const [key, value] of Object.entries(json)) {
    const ext = matchExtensionKey(resource, key);
    if (ext && ext.ext === resource.core) {
      if (ext.rest === undefined) continue; // a core-URN key with no attribute means nothing
      setCanonical(out, resource.core.attributes, ext.rest, value);
    } else if (ext) {
      const holder = ensureObject(out, ext.ext.id);
      if (ext.rest === undefined) {
        if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) setCanonical(holder, ext.ext.attributes, k, v);
        else out[ext.ext.id] = value; // not an object: left for validation to reject
      } else {
        setCanonical(holder, ext.ext.attributes, ext.rest, value);
      }
    } else {
      setCanonical(out, resource.core.attributes, key, value);
    }
  }
  return out;
}

function setCanonical(target: ScimResource, defs: AttributeDef[], key: string, value: unknown): void {
  const def = findAttribute(defs, key);
  if (!def) {
    target[key] = value;
    return;
  }
  target[def.name] = def.subAttributes ? canonicalizeComplex(def, value) : value;
}

function canonicalizeComplex(def: AttributeDef, value: unknown): unknown {
  const fold = (v: unknown) => {
    if (!isPlainObject(v)) return v;
    const out: ScimResource = {};
    for (const [k, sub] of Object.entries(v)) out[findAttribute(def.subAttributes, k)?.name ?? k] = sub;
    return out;
  };
  if (Array.isArray(value)) return value.map(fold);
  // One value of a list sent as the value itself, as SCIM 1.1 templates write `emails` (OneLogin's
  // guide): the list of that one value. Anything else that is not a list is left for validation.
  return def.multiValued && isPlainObject(value) ? [fold(value)] : fold(value);
}

function ensureObject(target: ScimResource, key: string): ScimResource {
  const existing = target[key];
  if (isPlainObject(existing)) return existing;
  const created: ScimResource = {};
  target[key] = created;
  return created;
}

export const isPlainObject = (v: unknown): v is ScimResource => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads `key` from `obj` case-insensitively. */
export const getAttr = (obj: ScimResource, key: string): unknown => {
  const k = findKey(obj, key);
  return k === undefined ? undefined : obj[k];
};
