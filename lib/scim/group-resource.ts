// Group (+ its members) ⇄ SCIM Group (RFC 7643 §4.2). Member values are membership ids, the same
// ids /Users serves, so IdPs can link the two.
import { z } from "zod";
import { groupMemberDisplay } from "../members/profile";
import { scimText } from "./number-text";
import { GROUP_SCHEMA } from "./constants";
import { etagFor } from "./etag";
import { ScimError, describeZodError } from "./errors";
import { GROUP_RESOURCE, canonicalize, isPlainObject } from "./resource-schemas";

/** What toScimGroup reads; lib/groups' GroupWithMembers fits, and so does a group loaded without members. */
export type GroupForScim = {
  id: string;
  displayName: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  members?: {
    membershipId: string;
    membership?: { userName: string; displayName: string | null } | null;
  }[];
};

export type ScimGroupMember = { value: string; $ref: string; display?: string; type: "User" };

export type ScimGroup = {
  schemas: [typeof GROUP_SCHEMA];
  id: string;
  externalId?: string;
  displayName: string;
  members?: ScimGroupMember[];
  meta: { resourceType: "Group"; created: string; lastModified: string; location: string; version: string };
};

/**
 * `excludeMembers`: leave `members` out (Entra asks with excludedAttributes=members; big groups
 * need not be loaded). Members are also left out when the group was loaded without them.
 */
export function toScimGroup(group: GroupForScim, baseUrl: string, opts: { excludeMembers?: boolean } = {}): ScimGroup {
  const root = baseUrl.replace(/\/+$/, "");
  const members = opts.excludeMembers ? undefined : group.members;
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId != null && { externalId: group.externalId }),
    displayName: group.displayName,
    ...(members && {
      members: members.map((m) => {
        // The team's own view of the person, never the shared account.
        const display = m.membership && groupMemberDisplay(m.membership);
        return { value: m.membershipId, $ref: `${root}/Users/${m.membershipId}`, ...(display && { display }), type: "User" as const };
      }),
    }),
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${root}/Groups/${group.id}`,
      version: etagFor(group.version),
    },
  };
}

/** Shaped for lib/groups' createGroup/updateGroup. */
export type ScimGroupInput = {
  displayName: string;
  externalId: string | null;
  /** The complete member list; undefined when the body has no `members` (leave them as they are). */
  memberIds?: string[];
};

const scimGroupBody = z.looseObject({
  displayName: z.string({ error: "displayName is required" }).trim().min(1, "displayName must not be empty"),
  externalId: scimText.nullish(),
  members: z.array(z.looseObject({ value: scimText.pipe(z.string().trim().min(1, "a member's value must not be empty")) })).nullish(),
});

/** Throws ScimError 400 (invalidSyntax for a non-object, invalidValue for bad attributes). */
export function fromScimGroup(json: unknown): ScimGroupInput {
  if (!isPlainObject(json)) throw new ScimError(400, "invalidSyntax", "A Group must be a JSON object");
  const parsed = scimGroupBody.safeParse(canonicalize(GROUP_RESOURCE, json));
  if (!parsed.success) throw new ScimError(400, "invalidValue", describeZodError(parsed.error));
  const body = parsed.data;
  return {
    // displayName is trimmed (the schema above): it is what SAML group values are matched with.
    displayName: body.displayName,
    // As sent, as a User's (user-resource.ts blankToNull); blank is unassigned.
    externalId: body.externalId?.trim() ? body.externalId : null,
    // null is "unassigned" (RFC 7643 §2.5): no members. Duplicates are dropped, first one wins.
    ...(body.members !== undefined && { memberIds: [...new Set((body.members ?? []).map((m) => m.value))] }),
  };
}
