// SCIM Users over the membership domain layer (RFC 7644 §3.3–3.6). Handlers in app/api/scim/v2
// parse the HTTP request and call these; these translate with lib/scim and write with lib/members.
import type { Prisma } from "../db/generated/client";
import { addMember } from "../members/add-member";
import { welcomeInBackground } from "../provisioning/welcome";
import { MemberNotFoundError } from "../members/errors";
import { countTeamMembers } from "../members/member-counts";
import { removeMember } from "../members/remove-member";
import { updateMember } from "../members/update-member";
import { parseAttributeSelection, selectAttributes, type AttributeSelection } from "../scim/attributes";
import { parseFilter } from "../scim/filter";
import { listResponse, parsePage } from "../scim/list";
import { applyPatch, type WrittenAttributes } from "../scim/patch";
import { userPatchChanges, userReplaceChanges } from "../scim/patch-changes";
import { USER_RESOURCE, type ScimResource } from "../scim/resource-schemas";
import { userFilterToWhere } from "../scim/user-filter-to-where";
import { fromScimUser, toScimUser, type ScimUser } from "../scim/user-resource";
import type { ScimContext } from "./with-scim-auth";
import { findCursor, saveCursor, type CursorScope, type PageCursor } from "./page-cursor";
import { directoryPageFromCursor } from "./directory-page";
import { SCIM_USER_COLUMNS, type ListedMember } from "./member-json";
import { lookupOf, lookUpMembers } from "./user-lookup";
import { groupsAfterWrite, memberReadAlongside } from "./user-by-id";

// Only what a SCIM User renders from (ScimUserSource) and its groups: never the shared User row
// (another team's business) nor anything that reveals activity, and less for Prisma to read and
// map on Okta's hot paths (lookups by filter, import pages).
const scimMemberSelect = {
  ...(Object.fromEntries(SCIM_USER_COLUMNS.map((c) => [c, true])) as Record<(typeof SCIM_USER_COLUMNS)[number], true>),
  // In group id order, as the import page lists them (directory-page.ts): every view of a User agrees.
  groups: { orderBy: { groupId: "asc" }, select: { group: { select: { id: true, displayName: true } } } },
} as const satisfies Prisma.MembershipSelect;

type ScimMember = Prisma.MembershipGetPayload<{ select: typeof scimMemberSelect }>;

const render = (m: ListedMember, baseUrl: string): ScimUser => toScimUser(m, baseUrl, { groups: m.groups.map((g) => g.group) });

async function loadMember(ctx: ScimContext, id: string): Promise<ScimMember> {
  const m = await ctx.db.membership.findFirst({ where: { id, teamId: ctx.teamId }, select: scimMemberSelect });
  if (!m) throw new MemberNotFoundError("User");
  return m;
}

export function userSelection(params: URLSearchParams): AttributeSelection {
  return parseAttributeSelection(params, USER_RESOURCE);
}

export const selectUser = (user: ScimUser, selection: AttributeSelection): ScimResource =>
  selectAttributes(user as unknown as ScimResource, selection, USER_RESOURCE);

// Creation order, id as tie-break: stable across pages, and new members append at the end.
const LIST_ORDER = [{ createdAt: "asc" }, { id: "asc" }] satisfies Prisma.MembershipOrderByWithRelationInput[];

/** GET /Users: every membership of the team, incl. ones added by hand or SSO, so imports can link them. */
export async function listUsers(ctx: ScimContext, params: URLSearchParams) {
  const page = parsePage(params);
  const filter = params.get("filter");
  const parsed = filter ? parseFilter(filter) : undefined;
  const selection = userSelection(params);
  const scope = { teamId: ctx.teamId, resource: "Users", filter, epoch: ctx.membershipEpoch };
  const lookup = lookupOf(parsed, page);
  const found = lookup && (await lookUpMembers(ctx.db, ctx.teamId, lookup, ctx.alongside));

  const { rows, totalResults } = found ? { rows: found, totalResults: found.length } : await findPage(ctx, scope, userFilterToWhere(parsed, ctx.teamId), page);
  return listResponse(
    rows.map((m) => selectUser(render(m, ctx.baseUrl), selection)),
    { totalResults, startIndex: page.startIndex },
  );
}

type Page = ReturnType<typeof parsePage>;

/**
 * One page and the total. The first page (Okta's lookups: filter=userName eq …) is one query, and
 * a short first page is its own total. A later page seeks from the cursor the previous page left:
 * for the whole directory (an import) cursor, rows and next cursor are one statement
 * (directory-page.ts). Without a cursor, ids are read first by OFFSET (an index-only read), then
 * the rows with their relations: relation loading must never run over rows that OFFSET skips.
 */
async function findPage(ctx: ScimContext, scope: CursorScope, where: Prisma.MembershipWhereInput, page: Page): Promise<{ rows: ListedMember[]; totalResults: number }> {
  const { db } = ctx;
  // The whole directory's total is kept by the database; counting it read every member of the team,
  // on the first page of each import and on every page read without a cursor.
  const count = () => (scope.filter ? db.membership.count({ where }) : countTeamMembers(db, ctx.teamId));
  if (page.take === 0) return { rows: [], totalResults: await count() };
  if (page.skip === 0) {
    const rows = await db.membership.findMany({ where, select: scimMemberSelect, orderBy: LIST_ORDER, take: page.take });
    const totalResults = rows.length < page.take ? rows.length : await count();
    await rememberNextPage(ctx, scope, page, rows, totalResults);
    return { rows, totalResults };
  }
  if (!scope.filter) {
    // The whole directory, as an import pages through it: cursor, rows and next cursor in one statement.
    const fromCursor = await directoryPageFromCursor(db, scope, page.startIndex, page.take);
    if (fromCursor) return fromCursor;
  } else {
    const cursor = await findCursor(db, scope, page.startIndex);
    if (cursor) {
      // Seeking from the cursor reads only the page's own rows: one query, relations included. The
      // epoch condition holds in that query's snapshot only if no membership write committed since
      // the token lookup; if one did, the page comes back short and is read by OFFSET instead.
      const rows = await db.membership.findMany({
        where: { AND: [where, after(cursor), { team: { membershipEpoch: scope.epoch } }] },
        select: scimMemberSelect,
        orderBy: LIST_ORDER,
        take: page.take,
      });
      if (rows.length === Math.min(page.take, cursor.totalResults - page.skip)) {
        await rememberNextPage(ctx, scope, page, rows, cursor.totalResults);
        return { rows, totalResults: cursor.totalResults };
      }
    }
  }
  const [keys, totalResults] = await Promise.all([
    db.membership.findMany({ where, select: { id: true }, orderBy: LIST_ORDER, skip: page.skip, take: page.take }),
    count(),
  ]);
  const rows = keys.length ? await db.membership.findMany({ where: { id: { in: keys.map((k) => k.id) } }, select: scimMemberSelect, orderBy: LIST_ORDER }) : [];
  await rememberNextPage(ctx, scope, page, rows, totalResults);
  return { rows, totalResults };
}

/** After a full page, where the next one starts (see page-cursor.ts). */
async function rememberNextPage(ctx: ScimContext, scope: CursorScope, page: Page, rows: ListedMember[], totalResults: number) {
  const last = rows[rows.length - 1];
  if (!last || rows.length < page.take || page.startIndex + page.take > totalResults) return;
  await saveCursor(ctx.db, scope, page.startIndex + page.take, { afterCreatedAt: last.createdAt, afterId: last.id, totalResults });
}

/**
 * Rows strictly after the cursor in LIST_ORDER. The redundant `gte` lets PostgreSQL seek the
 * (teamId, createdAt, id) index to the cursor instead of filtering every earlier row.
 */
const after = (c: PageCursor): Prisma.MembershipWhereInput => ({
  createdAt: { gte: c.afterCreatedAt },
  OR: [{ createdAt: { gt: c.afterCreatedAt } }, { id: { gt: c.afterId } }],
});

export async function getUser(ctx: ScimContext, id: string): Promise<ScimUser> {
  return render(memberReadAlongside(ctx, id)?.listed ?? (await loadMember(ctx, id)), ctx.baseUrl);
}

/**
 * POST /Users. A `password` is ignored and never stored. With SMTP_URL set, the person created
 * (active, with an address to sign in with) is sent a welcome email after the answer.
 */
export async function createUser(ctx: ScimContext, body: unknown): Promise<ScimUser> {
  const changes = userReplaceChanges(fromScimUser(body));
  const created = await addMember(ctx.db, { ...changes, email: changes.email!, teamId: ctx.teamId, source: "SCIM" }, ctx.actor);
  welcomeInBackground(ctx.db, created);
  return render({ ...created, groups: [] }, ctx.baseUrl);
}

/** PUT /Users/{id}: full replace; role and active are kept when not sent (Okta's AIW apps send everything as PUT). */
export async function replaceUser(ctx: ScimContext, id: string, body: unknown, expectedVersion?: number): Promise<ScimUser> {
  const changes = userReplaceChanges(fromScimUser(body));
  const read = memberReadAlongside(ctx, id);
  const written = await updateMember(ctx.db, { teamId: ctx.teamId, membershipId: id }, changes, ctx.actor, { expectedVersion, current: read?.current });
  return render({ ...written.member, groups: await groupsAfterWrite(ctx.db, read, written) }, ctx.baseUrl);
}

/**
 * PATCH /Users/{id}: the operations apply to the member as it is when the change is written, and
 * only the difference is written (lib/members/update-member.ts). Concurrent PATCHes therefore all
 * apply, one after another; only an If-Match that no longer matches is refused (412, RFC 7232 §3.1).
 * The answer's groups are those read with the member when its version says nothing moved in
 * between (user-by-id.ts: groupsAfterWrite); a User's PATCH or PUT never changes them itself
 * (RFC 7643 §4.1.2: read-only).
 */
export async function patchUser(ctx: ScimContext, id: string, body: unknown, ifMatch?: number): Promise<ScimUser> {
  const read = memberReadAlongside(ctx, id);
  const written = await updateMember(
    ctx.db,
    { teamId: ctx.teamId, membershipId: id },
    (current) => {
      const before = toScimUser(current, ctx.baseUrl);
      const written: WrittenAttributes = new Set();
      const after = applyPatch(before as unknown as ScimResource, body, USER_RESOURCE, written);
      return userPatchChanges(fromScimUser(before), fromScimUser(after), written);
    },
    ctx.actor,
    { expectedVersion: ifMatch, current: read?.current },
  );
  return render({ ...written.member, groups: await groupsAfterWrite(ctx.db, read, written) }, ctx.baseUrl);
}

/** DELETE /Users/{id}: the membership is removed (audited); the id answers 404 from then on. */
export async function deleteUser(ctx: ScimContext, id: string, expectedVersion?: number): Promise<void> {
  await removeMember(ctx.db, { teamId: ctx.teamId, membershipId: id }, ctx.actor, { expectedVersion });
}
