// The where clauses from user-/group-filter-to-where.ts run against a real database: Prisma's
// LIKE handling and SQL NULL logic are where a plausible-looking where goes wrong.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createMember, createTeam } from "../testing/factories";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { parseFilter } from "./filter";
import { groupFilterToWhere } from "./group-filter-to-where";
import { userFilterToWhere } from "./user-filter-to-where";

let t: TestDatabase;
let teamId: string;
const ids: Record<string, string> = {};

before(async () => {
  t = await createTestDatabase();
  const team = await createTeam(t.db);
  teamId = team.id;
  const other = await createTeam(t.db);
  const add = async (key: string, input: Parameters<typeof createMember>[2]) => {
    ids[key] = (await createMember(t.db, teamId, input)).id;
  };
  await add("ann", { email: "Ann.Lee@Example.test", userName: "Ann.Lee@Example.test", displayName: "A_B 100%", givenName: "Ann", externalId: "ext-1", role: "ADMIN" });
  await add("axb", { email: "axb@example.test", displayName: "AXB 1000", externalId: "" });
  await add("bob", { email: "bob@example.test", status: "DEACTIVATED" });
  // Same person shape in another team: must never show up.
  await createMember(t.db, other.id, { email: "ann.lee@other.test", userName: "ann.lee@example.test" });

  const eng = await t.db.group.create({ data: { teamId, displayName: "Eng_Team", displayNameNormalized: "eng_team" } });
  await t.db.group.create({ data: { teamId, displayName: "EngXTeam", displayNameNormalized: "engxteam" } });
  await t.db.groupMember.create({ data: { groupId: eng.id, membershipId: ids.ann! } });
  ids.eng = eng.id;
});

after(async () => {
  await t?.close();
});

const users = async (filter: string) => {
  const rows = await t.db.membership.findMany({ where: userFilterToWhere(parseFilter(filter), teamId) });
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return rows.map((r) => byId[r.id]).sort();
};
const groups = async (filter: string) =>
  (await t.db.group.findMany({ where: groupFilterToWhere(parseFilter(filter), teamId) })).map((g) => g.displayName).sort();

describe("filters against the database", () => {
  it("matches userName and emails ignoring case, within the team only", async () => {
    assert.deepEqual(await users('userName eq "ANN.LEE@example.TEST"'), ["ann"]);
    assert.deepEqual(await users('emails[type eq "work"].value eq "ann.lee@EXAMPLE.test"'), ["ann"]);
    assert.deepEqual(await users('emails co "EXAMPLE"'), ["ann", "axb", "bob"]);
  });

  it("treats LIKE wildcards in values literally", async () => {
    assert.deepEqual(await users('displayName eq "a_b 100%"'), ["ann"]);
    assert.deepEqual(await users('displayName co "_"'), ["ann"]);
    assert.deepEqual(await users('displayName co "%"'), ["ann"]);
    assert.deepEqual(await groups('displayName eq "eng_team"'), ["Eng_Team"]);
  });

  it("keeps members without a value in negated comparisons", async () => {
    assert.deepEqual(await users('not (externalId eq "ext-1")'), ["axb", "bob"]);
    assert.deepEqual(await users('externalId ne "ext-1"'), ["axb", "bob"]);
    assert.deepEqual(await users('not (name.givenName sw "A")'), ["axb", "bob"]);
    assert.deepEqual(await users('name.givenName ne "Ann"'), ["axb", "bob"]);
  });

  it("reads pr as a non-empty value", async () => {
    assert.deepEqual(await users("externalId pr"), ["ann"]);
    assert.deepEqual(await users("not (externalId pr)"), ["axb", "bob"]);
    assert.deepEqual(await users("name.givenName pr"), ["ann"]);
  });

  it("maps active and role", async () => {
    assert.deepEqual(await users("active eq false"), ["bob"]);
    assert.deepEqual(await users('roles[value eq "admin"]'), ["ann"]);
    assert.deepEqual(await users('emails.type eq "home"'), []);
  });

  // Found by a review: each part of a value path was read alone, so a lookup by work address could
  // match someone else whose primary (home) address it was, and missed a work address not primary.
  it("reads a value path's type and value on one and the same email", async () => {
    const team = await createTeam(t.db);
    const names: Record<string, string> = {};
    const add = async (key: string, email: string, emails: { value: string; type: string; primary?: boolean }[]) => {
      const m = await createMember(t.db, team.id, { email });
      await t.db.membership.update({ where: { id: m.id }, data: { profileLists: { emails } } });
      names[m.id] = key;
    };
    await add("dual", "Home.Dual@dual.test", [{ value: "work.dual@dual.test", type: "work" }, { value: "Home.Dual@dual.test", type: "home", primary: true }]);
    await add("mixed", "mixed.home@dual.test", [{ value: "Mixed.Work@dual.test", type: "work" }, { value: "mixed.home@dual.test", type: "home", primary: true }]);
    await add("solo", "solo@dual.test", [{ value: "solo@dual.test", type: "Work", primary: true }]);
    await createMember(t.db, team.id, { email: "nolist@dual.test" });
    await add("bare", "bare@dual.test", []);
    await t.db.membership.updateMany({ where: { teamId: team.id, email: "bare@dual.test" }, data: { profileLists: {} } });
    const found = async (filter: string) =>
      (await t.db.membership.findMany({ where: userFilterToWhere(parseFilter(filter), team.id) })).map((r) => names[r.id] ?? "nolist").sort();

    assert.deepEqual(await found('emails[type eq "work"].value eq "Work.Dual@DUAL.test"'), ["dual"], "a work address not the primary one, kept in lower case");
    assert.deepEqual(await found('emails[type eq "work"].value eq "Mixed.Work@dual.test"'), ["mixed"], "a work address not the primary one, as sent");
    assert.deepEqual(await found('emails[type eq "work"].value eq "Home.Dual@dual.test"'), [], "the home address is not a work one");
    assert.deepEqual(await found('emails[type eq "home" and value eq "HOME.dual@DUAL.test"]'), ["dual"], "the primary one, whatever its case");
    assert.deepEqual(await found('emails[type eq "work"].value eq "SOLO@dual.test"'), ["solo"]);
    assert.deepEqual(await found('emails[value eq "Mixed.Work@dual.test"]'), ["mixed"]);
    // The factory gives a member its email as a work one.
    assert.deepEqual(await found('emails[type eq "work"]'), ["dual", "mixed", "nolist", "solo"], "types as sent or capitalized");
    assert.deepEqual(await found('email eq "NOLIST@dual.test"'), ["nolist"], "Okta's `email eq` still reads the member's email");
    // RFC 7644 §3.4.2.2: a multi-valued attribute matches when any of its values does, so
    // `emails.value eq` (and `emails eq`, its value) asks what `emails[value eq]` asks.
    for (const f of ['emails.value eq "work.dual@dual.test"', 'emails eq "WORK.DUAL@dual.test"', 'emails[value eq "work.dual@dual.test"]']) {
      assert.deepEqual(await found(f), ["dual"], f);
    }
    assert.deepEqual(await found('emails.value eq "home.dual@DUAL.test"'), ["dual"], "the primary one, whatever its case");
    assert.deepEqual(await found('email eq "work.dual@dual.test"'), [], "Okta's `email` is the member's email only");
    // A member with no list at all: its absence must read as false, not unknown, or `not` drops them.
    assert.deepEqual(await found('not (emails[value eq "Mixed.Work@dual.test"])'), ["bare", "dual", "nolist", "solo"]);
    assert.deepEqual(await found('not (emails[type eq "work"].value eq "solo@dual.test")'), ["bare", "dual", "mixed", "nolist"]);
    assert.deepEqual(await found('not (emails[type eq "work"])'), ["bare"]);
    // RFC 7643 §2.4: a value without `primary` is not the primary one (primary false), and the
    // stored lists keep only `primary: true`. Before, `primary eq false` matched no one.
    assert.deepEqual(await found('emails[value eq "work.dual@dual.test" and primary eq false]'), ["dual"]);
    assert.deepEqual(await found('emails[type eq "work" and primary eq false]'), ["dual", "mixed"], "the factory's work email is the primary one");
    assert.deepEqual(await found('emails[type eq "work" and primary eq false].value eq "WORK.dual@dual.test"'), ["dual"]);
    assert.deepEqual(await found('emails[value eq "home.dual@dual.test" and primary eq false]'), [], "the primary one is not primary false");
    assert.deepEqual(await found('emails[type eq "home" and primary eq false]'), []);
    assert.deepEqual(await found('not (emails[type eq "work" and primary eq false])'), ["bare", "nolist", "solo"]);
  });

  it("finds groups by member and by absence of one", async () => {
    assert.deepEqual(await groups(`members[value eq "${ids.ann}"]`), ["Eng_Team"]);
    assert.deepEqual(await groups(`members ne "${ids.ann}"`), ["EngXTeam"]);
    assert.deepEqual(await groups("not (members pr)"), ["EngXTeam"]);
  });
});
