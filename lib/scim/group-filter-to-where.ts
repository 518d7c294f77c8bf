// GET /Groups?filter=… → a Prisma where over Group. Entra looks groups up with
// `displayName eq "…"` (case-insensitive, RFC 7643 §4.2), Okta also with `members[value eq "…"]`.
import type { Prisma } from "../db/generated/client";
import { sameName, type AttrPath } from "./attr-path";
import { GROUP_SCHEMA } from "./constants";
import { normalizeGroupName } from "../groups/group-name";
import type { Filter } from "./filter";
import {
  compareConstant,
  dateCondition,
  foldFilter,
  teamScopedWhere,
  invalidFilter,
  leafParts,
  not,
  stringCondition,
  unsupported,
  type Cond,
  type FilterLeaf,
  type StringColumn,
} from "./where-builder";

type Where = Prisma.GroupWhereInput;
type MemberWhere = Prisma.GroupMemberWhereInput;

/** Always scoped to the team (see userFilterToWhere). Throws ScimError 400 invalidFilter. */
export function groupFilterToWhere(filter: Filter | undefined, teamId: string): Where {
  return teamScopedWhere<Where>(filter, teamId, groupLeaf);
}

const EXACT: StringColumn = { caseExact: true, nullable: false };

function groupLeaf(f: FilterLeaf): Cond<Where> {
  const path = f.path;
  if (path.schema && !sameName(path.schema, GROUP_SCHEMA)) return unsupported(path);
  const attr = path.attr.toLowerCase();
  const sub = path.subAttr?.toLowerCase();

  if (f.op === "valuePath") {
    if (attr !== "members") return invalidFilter(`"${path.attr}" is not a multi-valued attribute Gatehouse can filter on`);
    return someMember(foldFilter<MemberWhere>(f.filter, memberElementLeaf));
  }
  const { op, value } = leafParts(f);
  if (!sub) {
    switch (attr) {
      case "id":
        return stringCondition((c) => ({ id: c }) as Where, EXACT, path, op, value);
      case "displayname":
        // On the column uniqueness compares, normalized the same way: the database's own case
        // folding differs from JavaScript's on some letters ("İ"), and Okta's lookup before a push
        // must find exactly the group a create would collide with.
        return stringCondition((c) => ({ displayNameNormalized: c }) as Where, { caseExact: false, nullable: false, normalize: normalizeGroupName }, path, op, value);
      case "externalid":
        return stringCondition((c) => ({ externalId: c }) as Where, { caseExact: true, nullable: true }, path, op, value);
      case "members":
        // Without a sub-attribute a multi-valued attribute compares its "value" (RFC 7644 §3.4.2.2).
        return membersCondition(f, "value");
    }
  } else if (attr === "members") {
    return membersCondition(f, path.subAttr!);
  } else if (attr === "meta") {
    if (sub === "created") return dateCondition<Where>((d) => ({ createdAt: d }), path, op, value);
    if (sub === "lastmodified") return dateCondition<Where>((d) => ({ updatedAt: d }), path, op, value);
    if (sub === "resourcetype") return compareConstant("Group", path, op, value);
  }
  return unsupported(path);
}

/**
 * `members pr`: has a member. `members ne "x"`: x is not a member (rather than "some other member
 * exists", which would match nearly every group). Other operators: some member matches.
 */
function membersCondition(f: FilterLeaf, sub: string): Cond<Where> {
  const { op } = leafParts(f);
  if (op === "pr" && sameName(sub, "value")) return { members: { some: {} } };
  if (op === "ne") return not(someMember(memberElementLeaf({ ...f, op: "eq", path: { attr: sub } } as FilterLeaf)));
  return someMember(memberElementLeaf({ ...f, path: { attr: sub } } as FilterLeaf));
}

/** "Some member satisfies …": a constant false means no member can, true means any member does. */
function someMember(cond: Cond<MemberWhere>): Cond<Where> {
  if (cond === false) return false;
  return { members: { some: cond === true ? {} : cond } };
}

/** One member: { value: membership id, type: "User" }. */
function memberElementLeaf(f: FilterLeaf): Cond<MemberWhere> {
  if (f.op === "valuePath") return invalidFilter("value filters cannot be nested");
  if (f.path.subAttr || f.path.schema) return unsupported(f.path);
  const { op, value } = leafParts(f);
  const sub = f.path.attr.toLowerCase();
  if (sub === "value") return stringCondition((c) => ({ membershipId: c }) as MemberWhere, EXACT, f.path, op, value);
  if (sub === "type") return compareConstant("User", f.path, op, value);
  return unsupported({ attr: "members", subAttr: f.path.attr } satisfies AttrPath);
}
