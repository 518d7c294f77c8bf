// SCIM 2.0 identifiers and limits Gatehouse serves (RFC 7643 §8.7, RFC 7644 §3).
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Gatehouse's own User extension; its one attribute, `role`, is the team role (owner/admin/member). */
export const GATEHOUSE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User";

export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** Largest `count` honoured on a list (advertise it as ServiceProviderConfig filter.maxResults). */
export const MAX_PAGE_SIZE = 200;
/**
 * Most group members one list page returns (GET /Groups with members): the page ends before the
 * group that would pass it, so itemsPerPage may be below count; a bigger group is a page alone.
 */
export const MAX_PAGE_MEMBERS = 10_000;
/** Largest request body accepted (advertise it as ServiceProviderConfig bulk/patch maxPayloadSize). */
export const MAX_BODY_BYTES = 1_000_000;
