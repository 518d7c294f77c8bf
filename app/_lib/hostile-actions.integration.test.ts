// Property-based fuzzing of the server actions of the team, account and invitation pages, called
// as Next calls them (a request scope with a session cookie: lib/testing/action-request.ts) on a
// real database. A server action is a public endpoint: whoever holds a session can send it any
// FormData, or anything else serialisable, naming any team's ids. For every generated call:
// - it answers a form state, a redirect or a 404, never an error out of the action (a 500);
// - a refusal (an error answer, a 404) changes nothing;
// - a member of team A without the permission changes nothing, whatever they send;
// - nothing of team B changes, and no answer names anything of team B the caller did not send.
// FUZZ_RUNS and FUZZ_SEED as in lib/scim-server/scim-fuzz.integration.test.ts.
import { inRequest, sessionCookie, type ActionOutcome } from "@/lib/testing/action-request";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fc from "fast-check";
import { useDatabaseForTests } from "@/lib/db/client";
import { systemActor } from "@/lib/audit/actor";
import { hashPassword } from "@/lib/auth/password";
import { createGroup } from "@/lib/groups/create-group";
import { createInvitation } from "@/lib/invitations/manage-invitations";
import { createScimToken } from "@/lib/scim-tokens/create-token";
import type { Db } from "@/lib/members/types";
import { createMember, createTeam } from "@/lib/testing/factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const PASSWORD = "fuzz password 1";
const actor = systemActor("fuzz");

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
  useDatabaseForTests(t.db);
});
after(() => t.close());

type State = { status: string; message?: string; fieldErrors?: Record<string, string>; data?: unknown };
type Action = (prev: never, form: never) => Promise<unknown>;

// Imported after the harness (it installs what Next's server bundle would).
async function loadActions() {
  const members = await import("@/app/(dashboard)/teams/[slug]/members/actions");
  const invitations = await import("@/app/(dashboard)/teams/[slug]/members/invitation-actions");
  const resets = await import("@/app/(dashboard)/teams/[slug]/members/reset-actions");
  const tokens = await import("@/app/(dashboard)/teams/[slug]/members/token-actions");
  const bulk = await import("@/app/(dashboard)/teams/[slug]/members/bulk-actions");
  const settings = await import("@/app/(dashboard)/teams/[slug]/settings/actions");
  const groups = await import("@/app/(dashboard)/teams/[slug]/groups/actions");
  const account = await import("@/app/(dashboard)/account/actions");
  const newTeam = await import("@/app/(dashboard)/teams/new/actions");
  const invite = await import("@/app/(auth)/invite/[token]/actions");
  const reset = await import("@/app/(auth)/reset-password/[token]/actions");
  const forgot = await import("@/app/(auth)/forgot-password/actions");
  const setup = await import("@/app/(auth)/setup/actions");
  const teamActions = {
    changeRole: members.changeRoleAction,
    deactivate: members.deactivateMemberAction,
    reactivate: members.reactivateMemberAction,
    remove: members.removeMemberAction,
    addMember: members.addMemberAction,
    invite: invitations.inviteAction,
    resendInvitation: invitations.resendInvitationAction,
    revokeInvitation: invitations.revokeInvitationAction,
    resetLink: resets.resetLinkAction,
    generateToken: tokens.generateScimTokenAction,
    revokeToken: tokens.revokeScimTokenAction,
    rotateToken: tokens.rotateScimTokenAction,
    bulk: bulk.bulkMembersAction,
    rename: settings.renameTeamAction,
    changeSlug: settings.changeSlugAction,
    defaultRole: settings.defaultRoleAction,
    welcomeEmails: settings.welcomeEmailsAction,
    transferOwnership: settings.transferOwnershipAction,
    deleteTeam: settings.deleteTeamAction,
    setGroupRole: groups.setGroupRoleAction,
  } as Record<string, Action>;
  const personActions = {
    leaveTeam: account.leaveTeamAction,
    changeName: account.changeNameAction,
    changePassword: account.changePasswordAction,
    signOutEverywhere: account.signOutEverywhereAction,
    createTeam: newTeam.createTeamAction,
    acceptSignedIn: invite.acceptSignedInAction,
  } as Record<string, Action>;
  const publicActions = {
    acceptAsNewPerson: invite.acceptAsNewPersonAction,
    acceptWithPassword: invite.acceptWithPasswordAction,
    acceptWithSso: invite.acceptWithSsoAction,
    resetPassword: reset.resetPasswordAction,
    forgotPassword: forgot.forgotPasswordAction,
    firstTeam: setup.createFirstTeamAction,
  } as Record<string, Action>;
  return { teamActions, personActions, publicActions };
}

// ---- two teams: A, where the callers are, and B, which they must never reach ----------------------

type Fixture = Awaited<ReturnType<typeof makeFixture>>;

async function makeFixture(db: Db) {
  const id = crypto.randomBytes(3).toString("hex");
  const passwordHash = await hashPassword(PASSWORD);
  const a = await createTeam(db, `fuzz-a-${id}`);
  const b = await createTeam(db, `fuzz-bee-${id}`);
  await db.team.update({ where: { id: b.id }, data: { name: `Bee Secret ${id}` } });
  const member = (teamId: string, email: string, role: "OWNER" | "ADMIN" | "MEMBER", status: "ACTIVE" | "DEACTIVATED" = "ACTIVE") =>
    createMember(db, teamId, { email, role, status, passwordHash });
  const A = {
    owner: await member(a.id, `owner-${id}@a.test`, "OWNER"),
    admin: await member(a.id, `admin-${id}@a.test`, "ADMIN"),
    member: await member(a.id, `member-${id}@a.test`, "MEMBER"),
    other: await member(a.id, `other-${id}@a.test`, "MEMBER"),
    gone: await member(a.id, `gone-${id}@a.test`, "MEMBER", "DEACTIVATED"),
  };
  const B = {
    owner: await member(b.id, `bee-owner-${id}@b.test`, "OWNER"),
    admin: await member(b.id, `bee-admin-${id}@b.test`, "ADMIN"),
    member: await member(b.id, `bee-member-${id}@b.test`, "MEMBER"),
  };
  // Proved addresses: a team adding an unproved account clears its password (by design), which
  // would be a change to B's people made from A; B's are proved, so nothing of B may change.
  await db.user.updateMany({ where: { id: { in: Object.values(B).map((m) => m.userId) } }, data: { emailVerifiedAt: new Date() } });
  const invitationA = await createInvitation(db, { teamId: a.id, email: `invited-${id}@a.test`, role: "ADMIN" }, actor);
  const invitationB = await createInvitation(db, { teamId: b.id, email: `bee-invited-${id}@b.test`, role: "ADMIN" }, actor);
  const tokenA = await createScimToken(db, { teamId: a.id, name: "A's IdP", mayManageOwners: true }, actor);
  const tokenB = await createScimToken(db, { teamId: b.id, name: `Bee IdP ${id}`, mayManageOwners: true }, actor);
  const groupA = await createGroup(db, { teamId: a.id, displayName: "A group", memberIds: [A.member.id] }, actor);
  const groupB = await createGroup(db, { teamId: b.id, displayName: `Bee group ${id}`, memberIds: [B.member.id] }, actor);
  const cookies = {
    owner: await sessionCookie(db, A.owner.userId),
    admin: await sessionCookie(db, A.admin.userId),
    member: await sessionCookie(db, A.member.userId),
  };
  const fixture = {
    a, b, A, B, cookies,
    ids: [...Object.values(A), ...Object.values(B)].map((m) => m.id).concat(invitationA.invitation.id, invitationB.invitation.id, tokenA.id, tokenB.id, groupA.id, groupB.id),
    invitationA: invitationA.invitation.id,
    tokenA: tokenA.id,
    groupA: groupA.id,
    emails: [...Object.values(A), ...Object.values(B)].map((m) => m.email).concat(invitationA.invitation.email, invitationB.invitation.email),
    // What a caller in A may not learn of B (unless they sent it).
    secretsOfB: [b.name, ...Object.values(B).map((m) => m.email), invitationB.invitation.email, tokenB.name, tokenB.prefix, groupB.displayName],
    linkSecrets: [invitationA.secret],
  };
  // Each session enters team A once before the run: the first entry records a sign-in.
  const { getTeamContext } = await import("@/lib/auth/team-context");
  for (const cookie of Object.values(cookies)) await inRequest({ cookie }, () => getTeamContext(a.slug));
  return fixture;
}

// Everything an action may change, as one comparable value; `teamId` narrows it to one team's rows.
// Bookkeeping a refused call may write (sign-in throttle counters, sessions read) is left out.
async function snapshot(db: Db, teamId?: string): Promise<string> {
  const where = (column: string) => (teamId ? `WHERE t."${column}" = '${teamId}'` : "");
  const tables: [string, string][] = [
    ["Team", "id"], ["Membership", "teamId"], ["Group", "teamId"], ["Invitation", "teamId"], ["ScimToken", "teamId"], ["TeamDomain", "teamId"],
    ["TeamSlugRedirect", "teamId"], ["TeamAccessRevocation", "teamId"],
    ...(teamId ? [] : ([["User", "id"], ["PasswordToken", "id"]] as [string, string][])),
  ];
  // The team's membershipEpoch is its write lock (lib/members/lock-team.ts): a write refused under
  // it still moves it, as bookkeeping.
  const rowText = `(to_jsonb(t) - 'membershipEpoch')::text`;
  const parts = tables.map(([table, column]) => `(SELECT count(*) || ':' || coalesce(md5(string_agg(${rowText}, '|' ORDER BY ${rowText})), '') FROM "${table}" t ${where(column)})`);
  parts.push(`(SELECT count(*)::text FROM "AuditEvent" t ${where("teamId")})`);
  parts.push(`(SELECT count(*)::text FROM "GroupMember" t ${teamId ? `WHERE t."groupId" IN (SELECT id FROM "Group" WHERE "teamId" = '${teamId}')` : ""})`);
  if (!teamId) parts.push(`(SELECT count(*)::text FROM "InstanceAuditEvent")`, `(SELECT count(*)::text FROM "Session" WHERE "revokedAt" IS NULL)`);
  const [row] = await db.$queryRawUnsafe<{ s: string }[]>(`SELECT concat_ws(' ', ${parts.join(", ")}) AS s`);
  return row!.s;
}

// ---- hostile input ---------------------------------------------------------------------------------

const NASTY = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "𝒜𝒷", "é", "__proto__", "constructor", "toString", "'; DROP TABLE \"Team\";--", "%00", "\\", '"',
  "NaN", "Infinity", "-1", "0", "1e309", "true", "null", "undefined", "[object Object]", "OWNER", "owner", "ADMIN", "MEMBER", "role:OWNER", "on", "off",
  "00000000-0000-0000-0000-000000000000", "not-a-uuid", "a@b", "@", "x@y.z", "../../etc/passwd", "admin", "api", "settings",
];
const long = fc.tuple(fc.constantFrom(41, 100, 101, 200, 201, 320, 321, 1024, 1025, 100_000), fc.constantFrom("x", "é", "𝒜", "\u0000", "-", "a@")).map(([n, c]) => c.repeat(Math.ceil(n / c.length)).slice(0, n));
const junk = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY) }, { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: "binary" }) }, { weight: 1, arbitrary: long });

type Gen = fc.Arbitrary<string | File>;
function fieldValue(f: Fixture, field: string): Gen {
  const upper = (s: string) => s.toUpperCase();
  // Mostly the right kind of value for the field, sometimes a wrong one (another team's, a case
  // or a space away from the right one).
  const mostly = (right: string[], wrong: string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...right) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });
  const idsOfA = [...Object.values(f.A)].map((m) => m.id);
  const known: Record<string, fc.Arbitrary<string>> = {
    slug: mostly([f.a.slug], [f.b.slug, upper(f.a.slug), `${f.a.slug} `, "new-team-x"]),
    newSlug: mostly([`fuzz-moved-${f.a.slug.slice(-6)}`, f.a.slug], [f.b.slug, "admin", "ab", upper(f.b.slug)]),
    confirm: mostly([f.a.slug], [f.b.slug, ""]),
    membershipId: mostly(idsOfA, [...f.ids, ...f.ids.map(upper)]),
    invitationId: mostly([f.invitationA], f.ids),
    tokenId: mostly([f.tokenA], f.ids),
    groupId: mostly([f.groupA], f.ids),
    ids: fc.array(mostly(idsOfA, [...f.ids, ...f.ids.map(upper), "", " "]), { maxLength: 4 }).map((xs) => xs.join(",")),
    email: mostly([...f.emails.slice(0, 5), `new-${f.a.slug}@a.test`], [...f.emails, ...f.emails.map(upper)]),
    role: mostly(["OWNER", "ADMIN", "MEMBER"], ["owner", "", " ADMIN"]),
    defaultRole: mostly(["ADMIN", "MEMBER"], ["OWNER"]),
    change: mostly(["role:OWNER", "role:ADMIN", "role:MEMBER", "deactivate", "reactivate", "remove"], ["toString", "__proto__", "constructor"]),
    overlapHours: mostly(["0", "1", "24", "72", "168"], ["-1", "1e9", "NaN"]),
    expiresInDays: mostly(["", "30", "365"], ["0", "-30", "1e9"]),
    scope: mostly(["read-write", "read-only"], ["admin"]),
    welcomeEmails: mostly(["on"], ["off", "true"]),
    current: mostly([PASSWORD], ["wrong password"]),
    next: mostly(["new fuzz password"], [PASSWORD, "short"]),
    password: mostly([PASSWORD, "new fuzz password"], ["short"]),
    token: mostly(f.linkSecrets, ["x".repeat(43), "not a token"]),
    name: mostly(["A name"], ["Bee", " "]),
    ownerName: fc.constantFrom("Someone"),
  };
  const file = fc.constant(new File(["x"], "x.txt"));
  // Mostly values a form could carry (other teams' ids among them), so that calls reach past the
  // schema into the domain; else junk, or a file where text belongs.
  return fc.oneof({ weight: 16, arbitrary: known[field] ?? junk }, { weight: 3, arbitrary: junk }, { weight: 1, arbitrary: file });
}
const FIELDS = [
  "slug", "newSlug", "confirm", "membershipId", "invitationId", "tokenId", "groupId", "ids", "email", "role", "defaultRole", "change", "overlapHours",
  "expiresInDays", "scope", "welcomeEmails", "current", "next", "confirm", "password", "token", "name", "ownerName",
];

function payload(f: Fixture): fc.Arbitrary<unknown> {
  const entries = fc.tuple(
    fc.tuple(...[...new Set(FIELDS)].map((field) => fc.option(fieldValue(f, field), { freq: 10, nil: undefined }).map((v) => [field, v] as const))),
    fc.array(fc.tuple(fc.constantFrom("__proto__", "constructor", "$ACTION_ID_x", "slug", "role", "x"), junk), { maxLength: 2 }),
  );
  const form = entries.map(([named, extra]) => {
    const data = new FormData();
    for (const [k, v] of [...named, ...extra]) if (v !== undefined) data.append(k, v);
    return data;
  });
  return fc.oneof(
    { weight: 20, arbitrary: form },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, "slug=x", 42, [["slug", "x"]], { slug: "x" }) },
  );
}

// ---- the properties --------------------------------------------------------------------------------

const isState = (a: unknown): a is State =>
  typeof a === "object" && a !== null && ["success", "error"].includes((a as State).status) && typeof (a as State).message === "string";

const describeOutcome = (o: ActionOutcome<unknown>) => JSON.stringify(o, (_k, v) => (v instanceof Error ? `${v.name}: ${v.message}` : v))?.slice(0, 400);

describe("server actions, fed hostile payloads by people of another team and by members", () => {
  it("answer a form message, a redirect or a 404, change nothing when they refuse, and never reach another team", async () => {
    const { teamActions, personActions, publicActions } = await loadActions();
    let f = await makeFixture(t.db);
    let pristine = await snapshot(t.db);
    const seen: Record<string, number> = {};
    const actions = { ...teamActions, ...personActions, ...publicActions };
    const call = fc.record({
      name: fc.constantFrom(...Object.keys(actions)),
      who: fc.constantFrom("owner", "admin", "member", "member", "nobody"),
      input: fc.constant(null).chain(() => payload(f)),
      address: fc.constantFrom("203.0.113.7", "198.51.100.1, 203.0.113.8", ""),
    });
    await fc.assert(
      fc.asyncProperty(call, (c) => checkCall(c).catch((e: unknown) => {
        // fast-check reports the counterexample, not why: the assertion says which call and what it answered.
        console.error(e instanceof Error ? e.message : e);
        throw e;
      })),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`seed ${SEED}; outcomes: ${JSON.stringify(seen)}`);

    async function checkCall({ name, who, input, address }: { name: string; who: string; input: unknown; address: string }) {
        const cookie = who === "nobody" ? undefined : f.cookies[who as "owner" | "admin" | "member"];
        const headers: Record<string, string> = { ...(cookie && { cookie }), ...(address && { "x-forwarded-for": address }) };
        const [wholeBefore, bBefore] = [await snapshot(t.db), await snapshot(t.db, f.b.id)];
        const outcome = await inRequest(headers, () => actions[name]!({ status: "idle" } as never, input as never));
        const [wholeAfter, bAfter] = [await snapshot(t.db), await snapshot(t.db, f.b.id)];
        const kind = "answer" in outcome ? (isState(outcome.answer) ? outcome.answer.status : "malformed") : Object.keys(outcome)[0]!;
        seen[`${name} ${kind}`] = (seen[`${name} ${kind}`] ?? 0) + 1;
        if (process.env.FUZZ_VERBOSE && "answer" in outcome) console.log(name, who, (outcome.answer as State).message);
        const sentFields = input instanceof FormData ? JSON.stringify([...input].map(([k, v]) => [k, typeof v === "string" ? v.slice(0, 80) : "(file)"])) : String(input);
        const context = `${name} as ${who} with ${sentFields}: ${describeOutcome(outcome)}`;

        assert.ok(!("threw" in outcome), `threw out of the action (a 500): ${context}`);
        if ("answer" in outcome) assert.ok(isState(outcome.answer), `not a form state: ${context}`);
        if (kind === "error" || kind === "notFound") assert.equal(wholeAfter, wholeBefore, `refused, yet something changed: ${context}`);
        if (who === "member" && name in teamActions) assert.equal(wholeAfter, wholeBefore, `a member changed something: ${context}`);
        assert.equal(bAfter, bBefore, `team B changed: ${context}`);
        if ("answer" in outcome) {
          const sent = input instanceof FormData ? [...input.values()].filter((v) => typeof v === "string").join("\n").toLowerCase() : "";
          const answer = JSON.stringify(outcome.answer).toLowerCase();
          for (const secret of f.secretsOfB) {
            const s = secret.toLowerCase();
            assert.ok(!answer.includes(s) || sent.includes(s), `the answer names ${secret} of team B: ${context}`);
          }
        }
        // Something changed: the next call starts from a fresh pair of teams (a deleted team, a
        // signed-out session or a demoted caller would leave the rest of the run nothing to reach).
        if (wholeAfter !== pristine) {
          f = await makeFixture(t.db);
          pristine = await snapshot(t.db);
        }
    }
  });
});
