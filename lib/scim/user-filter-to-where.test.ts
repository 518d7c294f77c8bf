import { describe, it } from "node:test";
import { Prisma } from "../db/generated/client";
import assert from "node:assert/strict";
import { ScimError } from "./errors";
import { parseFilter } from "./filter";
import { userFilterToWhere, userNameLookup } from "./user-filter-to-where";

const T = "team-1";
/** The filter part of the where, with the team scope checked and peeled off. */
const where = (filter: string) => {
  const w = userFilterToWhere(parseFilter(filter), T) as { AND: [unknown, unknown] };
  assert.deepEqual(w.AND[0], { teamId: T });
  return w.AND[1];
};
const invalid = (filter: string, detail?: RegExp) =>
  assert.throws(
    () => userFilterToWhere(parseFilter(filter), T),
    (e: unknown) => e instanceof ScimError && e.status === 400 && e.scimType === "invalidFilter" && (!detail || detail.test(e.detail)),
    filter,
  );

describe("userFilterToWhere: scoping", () => {
  it("is just the team without a filter, and the team AND the filter with one", () => {
    assert.deepEqual(userFilterToWhere(undefined, T), { teamId: T });
    assert.deepEqual(userFilterToWhere(parseFilter('emails.primary eq true'), T), { teamId: T });
    assert.deepEqual(userFilterToWhere(parseFilter('emails.primary eq false'), T), { AND: [{ teamId: T }, { id: { in: [] } }] });
  });
});

describe("userFilterToWhere: userName (case-insensitive via the normalised column)", () => {
  it("lower-cases and trims for eq, lower-cases and LIKE-escapes for co/sw/ew", () => {
    assert.deepEqual(where('userName eq " Jane@Example.COM"'), { userNameNormalized: { equals: "jane@example.com" } });
    assert.deepEqual(where('USERNAME sw "Jane_"'), { userNameNormalized: { startsWith: "jane\\_" } });
    assert.deepEqual(where('userName co "100%"'), { userNameNormalized: { contains: "100\\%" } });
    assert.deepEqual(where('userName ew "\\\\x"'), { userNameNormalized: { endsWith: "\\\\x" } });
    assert.deepEqual(where('userName ne "a"'), { NOT: { userNameNormalized: { equals: "a" } } });
    assert.deepEqual(where('userName gt "M"'), { userNameNormalized: { gt: "m" } });
  });

  it("compares partial matches in NFC, as the keys are kept: a decomposed é finds the composed one", () => {
    assert.deepEqual(where('userName sw "Jose\u0301"'), { userNameNormalized: { startsWith: "jos\u00e9" } });
    assert.deepEqual(where('emails.value co "Jose\u0301@"'), where('emails.value co "jos\u00e9@"'));
  });

  it("accepts the core schema URN prefix and treats userName as always present", () => {
    assert.deepEqual(where('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"'), { userNameNormalized: { equals: "a" } });
    assert.equal(userFilterToWhere(parseFilter("userName pr"), T).teamId, T);
  });
});

describe("userFilterToWhere: other attributes", () => {
  it("compares id and externalId exactly, guarding nullable columns", () => {
    assert.deepEqual(where('id eq "m-1"'), { id: { equals: "m-1" } });
    assert.deepEqual(where('externalId eq "AbC"'), { externalId: { not: null, equals: "AbC" } });
    assert.deepEqual(where('externalId ne "AbC"'), { NOT: { externalId: { not: null, equals: "AbC" } } });
    assert.deepEqual(where("externalId eq null"), { externalId: null });
    assert.deepEqual(where("externalId pr"), {
      AND: [{ externalId: { not: null } }, { NOT: { externalId: { equals: "" } } }],
    });
  });

  it("compares displayName and names ignoring case, with escaped ILIKE", () => {
    assert.deepEqual(where('displayName eq "Ann_B"'), { displayName: { not: null, equals: "Ann\\_B", mode: "insensitive" } });
    assert.deepEqual(where('name.familyName co "smi"'), { familyName: { not: null, contains: "smi", mode: "insensitive" } });
    assert.deepEqual(where('name.givenName sw "A"'), { givenName: { not: null, startsWith: "A", mode: "insensitive" } });
    assert.deepEqual(where('name.formatted eq "A B"'), { nameFormatted: { not: null, equals: "A B", mode: "insensitive" } });
    assert.deepEqual(where('name.middleName eq "Q"'), { middleName: { not: null, equals: "Q", mode: "insensitive" } });
    assert.deepEqual(where('title eq "CTO"'), { title: { not: null, equals: "CTO", mode: "insensitive" } });
  });

  it("reads the enterprise attributes IdPs match on", () => {
    const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    assert.deepEqual(where(`${E}:employeeNumber eq "701984"`), { employeeNumber: { not: null, equals: "701984", mode: "insensitive" } });
    assert.deepEqual(where(`${E}:department eq "R&D"`), { department: { not: null, equals: "R&D", mode: "insensitive" } });
    assert.deepEqual(where(`${E}:manager.value eq "m-1"`), { managerValue: { not: null, equals: "m-1", mode: "insensitive" } });
  });

  // RFC 7644 §3.10: clients SHOULD qualify extension attributes, so a name no other schema has is
  // read as its extension's (a review found these refused as unsupported).
  it("reads extension attributes without their schema URN when the name is theirs alone", () => {
    const E = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    for (const f of ['employeeNumber eq "42"', 'department eq "R&D"', 'manager.value eq "m-1"', 'costCenter sw "4"']) {
      assert.deepEqual(where(f), where(`${E}:${f}`), f);
    }
    assert.deepEqual(where('role eq "owner"'), where('urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User:role eq "owner"'));
  });

  it("maps active to status, Entra's string booleans included", () => {
    assert.deepEqual(where("active eq true"), { status: { in: ["ACTIVE"] } });
    assert.deepEqual(where("active eq false"), { status: { in: ["DEACTIVATED"] } });
    assert.deepEqual(where('active eq "False"'), { status: { in: ["DEACTIVATED"] } });
    assert.deepEqual(where("active ne true"), { status: { in: ["DEACTIVATED"] } });
    assert.deepEqual(where("not (active eq true)"), { NOT: { status: { in: ["ACTIVE"] } } });
    invalid("active gt true", /does not apply/);
    invalid('active eq "yes"', /true or false/);
  });

  it("reads every form of the work email, case-insensitively", () => {
    const expected = { emailNormalized: { equals: "a@x.test" } };
    // Each element test says the list is there, so a member without one reads false, not unknown.
    const hasList = { NOT: { profileLists: { path: ["emails"], equals: Prisma.AnyNull } } };
    const element = (e: object) => ({ AND: [hasList, { profileLists: { path: ["emails"], array_contains: [e] } }] });
    // Any of the emails, as `emails[value eq …]` (RFC 7644 §3.4.2.2), not only the primary one.
    const anyEmail = { OR: [element({ value: "A@X.test" }), element({ value: "a@x.test" }), expected] };
    assert.deepEqual(where('emails eq "A@X.test"'), anyEmail);
    assert.deepEqual(where('emails.value eq "A@X.test"'), anyEmail);
    assert.deepEqual(where('emails[value eq "A@X.test"]'), anyEmail);
    // One and the same email: any element as sent or in lower case, or the primary one through the column.
    assert.deepEqual(where('emails[type eq "work"].value eq "A@X.test"'), {
      OR: [
        element({ type: "work", value: "A@X.test" }),
        element({ type: "work", value: "a@x.test" }),
        element({ type: "Work", value: "A@X.test" }),
        element({ type: "Work", value: "a@x.test" }),
        { AND: [expected, element({ type: "work", primary: true })] },
        { AND: [expected, element({ type: "Work", primary: true })] },
      ],
    });
    assert.deepEqual(where('email eq "A@X.test"'), expected, "Okta's unique identifier set to email");
    assert.deepEqual(where('emails[value eq "A@X.test" and primary eq true]'), {
      OR: [element({ value: "A@X.test", primary: true }), element({ value: "a@x.test", primary: true }), expected],
    });
    assert.deepEqual(where('emails[type eq "WORK"]'), { OR: [element({ type: "WORK" }), element({ type: "work" }), element({ type: "Work" })] });
    assert.deepEqual(where('emails.type eq "work"'), { OR: [element({ type: "work" }), element({ type: "Work" })] });
    // Other comparisons are read one by one (the primary address for value).
    assert.deepEqual(where('emails[type eq "work" and value co "@X"]'), { AND: [{ OR: [element({ type: "work" }), element({ type: "Work" })] }, { emailNormalized: { contains: "@x" } }] });
  });

  it("maps the Gatehouse role and core roles to the role column", () => {
    assert.deepEqual(where('urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User:role eq "Admin"'), { role: { in: ["ADMIN"] } });
    assert.deepEqual(where('roles eq "owner"'), { role: { in: ["OWNER"] } });
    assert.deepEqual(where('roles[value ne "member"]'), { role: { in: ["OWNER", "ADMIN"] } });
    assert.deepEqual(where('roles.value eq "superuser"'), { id: { in: [] } });
  });

  it("compares meta dates", () => {
    assert.deepEqual(where('meta.created gt "2024-01-01T00:00:00Z"'), { createdAt: { gt: new Date("2024-01-01T00:00:00Z") } });
    assert.deepEqual(where('meta.lastModified le "2024-01-01"'), { updatedAt: { lte: new Date("2024-01-01") } });
    invalid('meta.created gt "yesterday"', /ISO 8601/);
    invalid('meta.created co "2024"', /does not apply/);
  });
});

describe("userFilterToWhere: logic", () => {
  it("combines with AND/OR/NOT and folds constant terms away", () => {
    assert.deepEqual(where('userName eq "a" and emails.primary eq true'), { userNameNormalized: { equals: "a" } });
    assert.deepEqual(where('userName eq "a" or emails.primary eq false'), { userNameNormalized: { equals: "a" } });
    assert.deepEqual(where('userName eq "a" or userName eq "b"'), {
      OR: [{ userNameNormalized: { equals: "a" } }, { userNameNormalized: { equals: "b" } }],
    });
    assert.deepEqual(where('not (userName eq "a") and active eq true'), {
      AND: [{ NOT: { userNameNormalized: { equals: "a" } } }, { status: { in: ["ACTIVE"] } }],
    });
    assert.deepEqual(userFilterToWhere(parseFilter('userName eq "a" or emails pr'), T), { teamId: T });
  });
});

describe("userFilterToWhere: unsupported", () => {
  it("rejects unknown attributes, schemas and type mismatches with 400 invalidFilter", () => {
    invalid('phoneNumbers.value eq "x"', /"phoneNumbers.value" is not supported/);
    invalid("constructor pr", /not supported/);
    invalid('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:toString eq "x"', /not supported/);
    invalid('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:bogus eq "x"', /not supported/);
    invalid('urn:example:other:userName eq "x"', /not supported/);
    invalid('name eq "x"', /complex/);
    invalid('addresses[type eq "work"]', /multi-valued/);
    invalid('emails[display eq "x"]', /emails.display/);
    invalid("userName eq 5", /string/);
    invalid("userName gt null", /compares nothing/);
  });
});

describe("userNameLookup", () => {
  const lookup = (filter: string) => userNameLookup(parseFilter(filter));
  it("reads the lone userName eq an IdP looks a user up with, normalized as stored", () => {
    assert.equal(lookup('userName eq " Ann.Lee@Example.TEST "'), "ann.lee@example.test");
    assert.equal(lookup('USERNAME EQ "a"'), "a");
    assert.equal(lookup('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"'), "a");
    assert.equal(lookup('(userName eq "a")'), "a");
  });
  it("leaves every other filter to the general listing", () => {
    for (const f of ['userName ne "a"', 'userName co "a"', "userName eq null", 'userName eq "a" and active eq true', 'not (userName eq "a")', 'externalId eq "a"', 'emails eq "a"', "userName pr"]) {
      assert.equal(lookup(f), null, f);
    }
    assert.equal(userNameLookup(undefined), null);
  });
});
