// Discovery resources (RFC 7644 §4, RFC 7643 §5–7), generated from the same attribute definitions
// PATCH and filtering use, so what we advertise is what we do: every attribute listed is stored and
// returned as sent. The one we accept but never keep (`password`, `ignored`) is left out.
import { ENTERPRISE_USER_SCHEMA, GATEHOUSE_USER_SCHEMA, GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, MAX_BODY_BYTES, MAX_PAGE_SIZE, USER_SCHEMA } from "./constants";
import { sameName } from "./attr-path";
import { GROUP_RESOURCE, USER_RESOURCE, type AttributeDef, type SchemaDef } from "./resource-schemas";

const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: `${baseUrl.replace(/\/api\/scim\/v2\/?$/, "")}/`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: `Authorization: Bearer <token>, a token generated under Manage Team → Show SCIMv2 Details. Request bodies up to ${MAX_BODY_BYTES} bytes.`,
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "A member of the team (one per team the person belongs to)",
      schema: USER_SCHEMA,
      schemaExtensions: [
        { schema: GATEHOUSE_USER_SCHEMA, required: false },
        { schema: ENTERPRISE_USER_SCHEMA, required: false },
      ],
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      description: "A group of team members; may map to a team role",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

const DESCRIPTIONS: Record<string, string> = {
  [USER_SCHEMA]: "User Account",
  [GROUP_SCHEMA]: "Group",
  [GATEHOUSE_USER_SCHEMA]: "Gatehouse team role: owner, admin or member",
  [ENTERPRISE_USER_SCHEMA]: "Enterprise User",
};

const REQUIRED = new Set(["userName", "displayName"]);
const SERVER_UNIQUE = new Set(["userName", "id"]);

/** canonicalValues by "<schema>|<attribute path>": the values Gatehouse understands there. */
const CANONICAL: Record<string, string[]> = {
  [`${GATEHOUSE_USER_SCHEMA}|role`]: ["owner", "admin", "member"],
  [`${USER_SCHEMA}|roles.value`]: ["owner", "admin", "member"],
  [`${GROUP_SCHEMA}|members.type`]: ["User", "Group"],
};

function attribute(def: AttributeDef, schema: string, parent?: string): Record<string, unknown> {
  const path = parent ? `${parent}.${def.name}` : def.name;
  const out: Record<string, unknown> = {
    name: def.name,
    type: def.type,
    multiValued: def.multiValued ?? false,
    description: def.notRemovable ? `${path} (cannot be removed: ${def.notRemovable})` : path,
    required: REQUIRED.has(def.name) && (schema === USER_SCHEMA ? def.name === "userName" : def.name === "displayName"),
    caseExact: def.caseExact ?? false,
    mutability: def.mutability ?? "readWrite",
    returned: def.returned ?? "default",
    uniqueness: SERVER_UNIQUE.has(def.name) ? "server" : "none",
  };
  const canonical = CANONICAL[`${schema}|${path}`];
  if (canonical) out.canonicalValues = canonical;
  if (def.type === "reference") out.referenceTypes = def.name === "$ref" ? ["User", "Group"] : ["external"];
  const subs = def.subAttributes?.filter((s) => !s.ignored);
  if (def.type === "complex" && subs) out.subAttributes = subs.map((s) => attribute(s, schema, path));
  return out;
}

function schemaResource(def: SchemaDef, baseUrl: string) {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: def.id,
    name: def.name,
    description: DESCRIPTIONS[def.id] ?? def.name,
    // id and meta are common attributes (RFC 7643 §3.1), not part of a schema's own list.
    attributes: def.attributes.filter((a) => !a.ignored && a.name !== "id" && a.name !== "meta").map((a) => attribute(a, def.id)),
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${def.id}` },
  };
}

export function schemas(baseUrl: string) {
  return [USER_RESOURCE.core, ...USER_RESOURCE.extensions, GROUP_RESOURCE.core].map((d) => schemaResource(d, baseUrl));
}

/**
 * One discovery resource by its id, in any case: schema URNs and SCIM names are case-insensitive
 * (RFC 7643 §2.1), and `/Schemas/urn:…:core:2.0:user` was a 404.
 */
export const findSchema = (baseUrl: string, id: string) => schemas(baseUrl).find((s) => sameName(s.id, id));
export const findResourceType = (baseUrl: string, id: string) => resourceTypes(baseUrl).find((t) => sameName(t.id, id));

export function discoveryList<T>(resources: T[]) {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources };
}
