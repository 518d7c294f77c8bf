// SCIM Groups over lib/groups (RFC 7644 §3.3–3.6). Members are loaded only when they will be
// returned: Entra asks with excludedAttributes=members, and pushed groups can be large.
import { createGroup } from "../groups/create-group";
import { deleteGroup } from "../groups/delete-group";
import { groupInclude } from "../groups/types";
import { updateGroup } from "../groups/update-group";
import { MemberNotFoundError } from "../members/errors";
import { isAttributeReturned, parseAttributeSelection, selectAttributes } from "../scim/attributes";
import { parseFilter } from "../scim/filter";
import { groupFilterToWhere } from "../scim/group-filter-to-where";
import { fromScimGroup, toScimGroup, type ScimGroup } from "../scim/group-resource";
import { listResponse, parsePage, type Page } from "../scim/list";
import { MAX_PAGE_MEMBERS } from "../scim/constants";
import type { Prisma } from "../db/generated/client";
import { applyPatch } from "../scim/patch";
import { groupPatchChanges } from "../scim/patch-changes";
import { GROUP_RESOURCE, type ScimResource } from "../scim/resource-schemas";
import type { ScimContext } from "./with-scim-auth";

async function loadGroup(ctx: ScimContext, id: string, withMembers = true) {
  const g = await ctx.db.group.findFirst({ where: { id, teamId: ctx.teamId }, ...(withMembers && { include: groupInclude }) });
  if (!g) throw new MemberNotFoundError("Group");
  return g;
}

export async function listGroups(ctx: ScimContext, params: URLSearchParams) {
  const page = parsePage(params);
  const filter = params.get("filter");
  const where = groupFilterToWhere(filter ? parseFilter(filter) : undefined, ctx.teamId);
  const selection = parseAttributeSelection(params, GROUP_RESOURCE);
  const withMembers = isAttributeReturned(selection, "members");
  const orderBy = [{ createdAt: "asc" }, { id: "asc" }] satisfies Prisma.GroupOrderByWithRelationInput[];
  const [rows, totalResults] = await Promise.all([
    page.take === 0
      ? Promise.resolve([])
      : withMembers
        ? pageWithinMembers(ctx, where, orderBy, page)
        : ctx.db.group.findMany({ where, orderBy, skip: page.skip, take: page.take }),
    ctx.db.group.count({ where }),
  ]);
  const resources = rows.map((g) =>
    selectAttributes(toScimGroup(g, ctx.baseUrl, { excludeMembers: !withMembers }) as unknown as ScimResource, selection, GROUP_RESOURCE),
  );
  return listResponse(resources, { totalResults, startIndex: page.startIndex });
}

/**
 * The page's groups with their members, as many as fit in MAX_PAGE_MEMBERS members (at least one):
 * counted first, so a page of big groups is never loaded whole. The client pages on by
 * itemsPerPage, as it does past MAX_PAGE_SIZE.
 */
async function pageWithinMembers(ctx: ScimContext, where: Prisma.GroupWhereInput, orderBy: Prisma.GroupOrderByWithRelationInput[], page: Page) {
  const heads = await ctx.db.group.findMany({ where, orderBy, skip: page.skip, take: page.take, select: { id: true, _count: { select: { members: true } } } });
  const ids: string[] = [];
  let members = 0;
  for (const head of heads) {
    if (ids.length > 0 && members + head._count.members > MAX_PAGE_MEMBERS) break;
    ids.push(head.id);
    members += head._count.members;
  }
  if (ids.length === 0) return [];
  return ctx.db.group.findMany({ where: { AND: [where, { id: { in: ids } }] }, orderBy, include: groupInclude });
}

export async function getGroup(ctx: ScimContext, id: string, params: URLSearchParams): Promise<{ resource: ScimResource; version: number }> {
  const selection = parseAttributeSelection(params, GROUP_RESOURCE);
  const withMembers = isAttributeReturned(selection, "members");
  const g = await loadGroup(ctx, id, withMembers);
  const resource = selectAttributes(toScimGroup(g, ctx.baseUrl, { excludeMembers: !withMembers }) as unknown as ScimResource, selection, GROUP_RESOURCE);
  return { resource, version: g.version };
}

export async function createScimGroup(ctx: ScimContext, body: unknown): Promise<ScimGroup> {
  const input = fromScimGroup(body);
  const g = await createGroup(ctx.db, { teamId: ctx.teamId, displayName: input.displayName, externalId: input.externalId, memberIds: input.memberIds }, ctx.actor);
  return toScimGroup(g, ctx.baseUrl);
}

/** PUT /Groups/{id}: members in the body replace the list; a body without `members` keeps them. */
export async function replaceScimGroup(ctx: ScimContext, id: string, body: unknown, expectedVersion?: number): Promise<ScimGroup> {
  const input = fromScimGroup(body);
  const { group } = await updateGroup(ctx.db, { teamId: ctx.teamId, groupId: id }, input, ctx.actor, { expectedVersion });
  return toScimGroup(group, ctx.baseUrl);
}

/**
 * PATCH /Groups/{id}: add/remove/replace members, rename (Okta's and Entra's forms), atomically.
 * The operations apply to the group as it is under the team lock, so Entra's parallel
 * one-member PATCHes all land; 412 only for an If-Match that no longer matches.
 */
export async function patchScimGroup(ctx: ScimContext, id: string, body: unknown, ifMatch?: number): Promise<ScimGroup> {
  const { group } = await updateGroup(
    ctx.db,
    { teamId: ctx.teamId, groupId: id },
    (current) => {
      const before = toScimGroup(current, ctx.baseUrl) as unknown as ScimResource;
      const after = applyPatch(before, body, GROUP_RESOURCE);
      return groupPatchChanges(fromScimGroup(before), fromScimGroup(after));
    },
    ctx.actor,
    { expectedVersion: ifMatch },
  );
  return toScimGroup(group, ctx.baseUrl);
}

export async function deleteScimGroup(ctx: ScimContext, id: string, expectedVersion?: number): Promise<void> {
  await deleteGroup(ctx.db, { teamId: ctx.teamId, groupId: id }, ctx.actor, { expectedVersion });
}
