import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { parseFilter } from "./filter";
import { groupFilterToWhere } from "./group-filter-to-where";

const T = "team-1";
const where = (filter: string) => {
  const w = groupFilterToWhere(parseFilter(filter), T) as { AND: [unknown, unknown] };
  assert.deepEqual(w.AND[0], { teamId: T });
  return w.AND[1];
};
const invalid = (filter: string, detail?: RegExp) =>
  assert.throws(
    () => groupFilterToWhere(parseFilter(filter), T),
    (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "invalidFilter" && (!detail || detail.test(e.detail)),
    filter,
  );

describe("groupFilterToWhere", () => {
  it("is scoped to the team", () => {
    assert.deepEqual(groupFilterToWhere(undefined, T), { teamId: T });
  });

  it("matches displayName ignoring case on the column uniqueness compares (Entra's and Okta's group lookup)", () => {
    assert.deepEqual(where('displayName eq "Eng_Team"'), { displayNameNormalized: { equals: "eng_team" } });
    assert.deepEqual(where('displayName eq "İstanbul"'), { displayNameNormalized: { equals: "i̇stanbul" } });
    assert.deepEqual(where('DISPLAYNAME sw "Eng_"'), { displayNameNormalized: { startsWith: "eng\\_" } });
    assert.deepEqual(where('urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "X"'), {
      displayNameNormalized: { equals: "x" },
    });
  });

  it("compares id and externalId exactly", () => {
    assert.deepEqual(where('id eq "g-1"'), { id: { equals: "g-1" } });
    assert.deepEqual(where('externalId eq "E1"'), { externalId: { not: null, equals: "E1" } });
  });

  it("finds groups by member, in each form IdPs send", () => {
    const hasMember = { members: { some: { membershipId: { equals: "m-1" } } } };
    assert.deepEqual(where('members eq "m-1"'), hasMember);
    assert.deepEqual(where('members.value eq "m-1"'), hasMember);
    assert.deepEqual(where('members[value eq "m-1"]'), hasMember);
    assert.deepEqual(where('members[value eq "m-1" and type eq "User"]'), hasMember);
    assert.deepEqual(where('members[value eq "m-1" or value eq "m-2"]'), {
      members: { some: { OR: [{ membershipId: { equals: "m-1" } }, { membershipId: { equals: "m-2" } }] } },
    });
    assert.deepEqual(where('members[type eq "Group"]'), { id: { in: [] } });
  });

  it("reads members pr as non-empty and members ne as not a member", () => {
    assert.deepEqual(where("members pr"), { members: { some: {} } });
    assert.deepEqual(where("not (members pr)"), { NOT: { members: { some: {} } } });
    assert.deepEqual(where('members ne "m-1"'), { NOT: { members: { some: { membershipId: { equals: "m-1" } } } } });
  });

  it("compares meta dates", () => {
    assert.deepEqual(where('meta.lastModified ge "2024-05-01T00:00:00Z"'), { updatedAt: { gte: new Date("2024-05-01T00:00:00Z") } });
  });

  it("rejects what it cannot filter on", () => {
    invalid('members.display eq "x"', /members.display/);
    invalid('userName eq "x"', /not supported/);
    invalid('emails[type eq "work"]', /multi-valued/);
    invalid('urn:ietf:params:scim:schemas:core:2.0:User:displayName eq "x"', /not supported/);
  });
});
