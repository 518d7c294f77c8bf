// The SSO settings that live in Gatehouse's own tables: domains and their proof, the Require SSO
// rule on password sign-in, the team switches, JIT roles from groups, and the replay record.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createMember, createTeam, testActor } from "../testing/factories";
import { hashPassword } from "../auth/password";
import { verifyCredentials } from "../auth/verify-credentials";
import { completeSsoLogin } from "./sso-login";
import { signInWithSamlProfile } from "./sign-in";
import { SAML_PRODUCT } from "./constants";
import { txtRecordValue } from "./domains";
import { SsoError } from "./errors";
import { markUsed, wasUsed } from "./replay-guard";
import { addTeamDomain, removeTeamDomain, verifyTeamDomain } from "./team-domains";
import { updateSsoSettings } from "./team-settings";
import { setDefaultRole } from "../teams/update-team";

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.close());

async function verifiedDomain(teamId: string, domain: string) {
  const d = await addTeamDomain(t.db, teamId, domain, testActor);
  return verifyTeamDomain(t.db, teamId, d.id, { kind: "manual" }, testActor);
}

describe("team domains", () => {
  it("verifies by DNS only with the right TXT record, and audits each step", async () => {
    const team = await createTeam(t.db);
    const d = await addTeamDomain(t.db, team.id, "@DNS-Check.test", testActor);
    assert.equal(d.domain, "dns-check.test");
    const wrong = async () => [["something else"]];
    await assert.rejects(verifyTeamDomain(t.db, team.id, d.id, { kind: "dns", lookup: wrong }, testActor), /none with the expected value/);
    const offline = async () => Promise.reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" }));
    await assert.rejects(verifyTeamDomain(t.db, team.id, d.id, { kind: "dns", lookup: offline }, testActor), /verify the domain manually/);
    assert.equal((await t.db.teamDomain.findUniqueOrThrow({ where: { id: d.id } })).verifiedAt, null);
    let asked = "";
    const right = async (name: string) => ((asked = name), [[txtRecordValue(d.verificationToken)]]);
    const ok = await verifyTeamDomain(t.db, team.id, d.id, { kind: "dns", lookup: right }, testActor);
    assert.equal(asked, "_gatehouse-verification.dns-check.test");
    assert.ok(ok.verifiedAt);
    const changes = (await t.db.auditEvent.findMany({ where: { teamId: team.id }, orderBy: { createdAt: "asc" } })).map((e) => (e.details as { change: string }).change);
    assert.deepEqual(changes, ["domain_added", "domain_verified"]);
  });

  // A claim proves nothing, so it neither blocks nor displaces another team's: taking it over (with
  // a new token) let anyone with a team of their own keep a company from ever verifying its domain,
  // re-adding it whenever the company did, unseen in the company's log (found by review).
  it("a stranger's claim leaves the company's claim and token alone; the first to verify holds the domain, the other claims end, told in their teams", async () => {
    const [company, squatter, third] = [await createTeam(t.db), await createTeam(t.db), await createTeam(t.db)];
    const mine = await addTeamDomain(t.db, company.id, "contested.test", testActor);
    const theirs = await addTeamDomain(t.db, squatter.id, "contested.test", testActor);
    await assert.rejects(addTeamDomain(t.db, squatter.id, "contested.test", testActor), /already on this team's list/);
    assert.notEqual(theirs.verificationToken, mine.verificationToken);
    const companyRow = await t.db.teamDomain.findUniqueOrThrow({ where: { id: mine.id } });
    assert.equal(companyRow.verificationToken, mine.verificationToken, "the company's published token still holds");
    // The squatter's own token proves nothing for the company's claim, and the company's DNS proves its own.
    const published = async () => [[txtRecordValue(mine.verificationToken)]];
    await assert.rejects(verifyTeamDomain(t.db, squatter.id, theirs.id, { kind: "dns", lookup: published }, testActor), /none with the expected value/);
    await verifyTeamDomain(t.db, company.id, mine.id, { kind: "dns", lookup: published }, testActor);
    assert.equal(await t.db.teamDomain.count({ where: { domain: "contested.test" } }), 1, "the squatter's claim ended");
    const squatterLog = (await t.db.auditEvent.findMany({ where: { teamId: squatter.id }, orderBy: { createdAt: "asc" } })).map((e) => e.details as { change: string; reason?: string });
    assert.deepEqual(squatterLog.at(-1), { change: "domain_removed", wasVerified: false, reason: "verified_by_another_team" });
    await assert.rejects(addTeamDomain(t.db, third.id, "contested.test", testActor), /already verified by another team/);
    await assert.rejects(addTeamDomain(t.db, company.id, "Contested.test", testActor), /already on this team's list/);
  });

  it("two claims verified at once: one holds the domain, the other is told", async () => {
    const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
    const [da, db] = [await addTeamDomain(t.db, a.id, "both.test", testActor), await addTeamDomain(t.db, b.id, "both.test", testActor)];
    const results = await Promise.allSettled([verifyTeamDomain(t.db, a.id, da.id, { kind: "manual" }, testActor), verifyTeamDomain(t.db, b.id, db.id, { kind: "manual" }, testActor)]);
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1, JSON.stringify(results));
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    assert.match(String(refused.reason), /just verified by another team|no longer on this team's list/);
    assert.equal(await t.db.teamDomain.count({ where: { domain: "both.test" } }), 1);
  });

  it("keeps teams apart: one team cannot verify or remove another's domain", async () => {
    const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
    const d = await addTeamDomain(t.db, a.id, "apart.test", testActor);
    await assert.rejects(verifyTeamDomain(t.db, b.id, d.id, { kind: "manual" }, testActor), SsoError);
    await assert.rejects(removeTeamDomain(t.db, b.id, d.id, testActor), SsoError);
    assert.equal(await t.db.teamDomain.count({ where: { id: d.id, teamId: a.id } }), 1);
  });

  it("refuses input that is not a claimable domain, writing nothing", async () => {
    const team = await createTeam(t.db);
    for (const bad of ["not a domain", "gmail.com", "https://x.test/"]) await assert.rejects(addTeamDomain(t.db, team.id, bad, testActor), SsoError);
    assert.equal(await t.db.teamDomain.count({ where: { teamId: team.id } }), 0);
  });
});

describe("SSO settings", () => {
  it("will not require SSO without a connection, a verified domain and a tested connection for it", async () => {
    const team = await createTeam(t.db);
    const on = { ssoRequired: true, jitProvisioning: false };
    const untested = { label: "Okta", testedAt: null, routedDomains: [`${team.slug}.test`] };
    await assert.rejects(updateSsoSettings(t.db, team.id, on, testActor, { connections: [] }), /Add an SSO connection/);
    await assert.rejects(updateSsoSettings(t.db, team.id, on, testActor, { connections: [untested] }), /Verify at least one email domain/);
    await verifiedDomain(team.id, `${team.slug}.test`);
    await assert.rejects(updateSsoSettings(t.db, team.id, on, testActor, { connections: [untested] }), /Test sign-in.*through “Okta”/);
    assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).ssoRequired, false);
    // A connection no domain routes to need not be tested: nobody would sign in through it.
    const spare = { label: "Spare", testedAt: null, routedDomains: [] };
    const tested = { ...untested, testedAt: new Date() };
    assert.deepEqual(await updateSsoSettings(t.db, team.id, on, testActor, { connections: [tested, spare] }), { changed: ["ssoRequired"] });
  });

  it("leaves the default role alone: it is the team settings page's, and may change while this form is open", async () => {
    const team = await createTeam(t.db);
    await setDefaultRole(t.db, team.id, "ADMIN", testActor);
    assert.deepEqual(await updateSsoSettings(t.db, team.id, { ssoRequired: false, jitProvisioning: true }, testActor, { connections: [] }), { changed: ["jitProvisioning"] });
    assert.equal((await t.db.team.findUniqueOrThrow({ where: { id: team.id } })).defaultRole, "ADMIN");
  });
});

describe("Require SSO and password sign-in", () => {
  it("refuses passwords on a required domain, the same way for right and wrong ones; owners keep theirs", async () => {
    const team = await createTeam(t.db);
    const domain = `${team.slug}.test`;
    await verifiedDomain(team.id, domain);
    const passwordHash = await hashPassword("pw");
    await createMember(t.db, team.id, { email: `owner@${domain}`, role: "OWNER", passwordHash });
    await createMember(t.db, team.id, { email: `member@${domain}`, passwordHash });
    await createMember(t.db, team.id, { email: `outside@elsewhere-${team.slug}.test`, passwordHash });
    assert.equal((await verifyCredentials(t.db, `member@${domain}`, "pw")).ok, true, "not required yet");

    await t.db.team.update({ where: { id: team.id }, data: { ssoRequired: true } });
    assert.deepEqual(await verifyCredentials(t.db, `member@${domain}`, "pw"), { ok: false, reason: "sso_required" });
    assert.deepEqual(await verifyCredentials(t.db, `MEMBER@${domain.toUpperCase()}`, "wrong"), { ok: false, reason: "sso_required" });
    assert.deepEqual(await verifyCredentials(t.db, `nobody@${domain}`, "pw"), { ok: false, reason: "sso_required" });
    assert.deepEqual(await verifyCredentials(t.db, `owner@${domain}`, "wrong"), { ok: false, reason: "sso_required" });
    assert.equal((await verifyCredentials(t.db, `owner@${domain}`, "pw")).ok, true, "break-glass owner");
    assert.equal((await verifyCredentials(t.db, `outside@elsewhere-${team.slug}.test`, "pw")).ok, true, "other domains unaffected");
  });

  it("ignores Require SSO for a domain that is not verified", async () => {
    const team = await createTeam(t.db);
    await addTeamDomain(t.db, team.id, `${team.slug}.test`, testActor);
    await t.db.team.update({ where: { id: team.id }, data: { ssoRequired: true } });
    await createMember(t.db, team.id, { email: `m@${team.slug}.test`, passwordHash: await hashPassword("pw") });
    assert.equal((await verifyCredentials(t.db, `m@${team.slug}.test`, "pw")).ok, true);
  });
});

describe("completeSsoLogin", () => {
  const profile = (email: string, extra: Record<string, unknown> = {}) => ({ email, firstName: "Grace", lastName: "Hopper", ...extra });
  // These teams' one SAML connection predates connection rows: it vouches for all their verified domains.
  const vouchedBy = { kind: "saml" as const, clientId: "legacy-connection" };

  it("refuses a login no connection of the team vouched for, and audits it", async () => {
    const team = await createTeam(t.db);
    await verifiedDomain(team.id, `${team.slug}.test`);
    await createMember(t.db, team.id, { email: `m@${team.slug}.test` });
    const r = await completeSsoLogin(t.db, { teamId: team.id, profile: profile(`m@${team.slug}.test`), flow: "idp-initiated", vouchedBy: null });
    assert.deepEqual(r, { ok: false, reason: "unknown_connection" });
    assert.equal(await t.db.auditEvent.count({ where: { teamId: team.id, action: "member.login_refused" } }), 1);
  });

  it("gives a JIT member the role of their mapped group, editable afterwards", async () => {
    const team = await createTeam(t.db);
    const domain = `${team.slug}.test`;
    await verifiedDomain(team.id, domain);
    await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
    await t.db.group.create({ data: { teamId: team.id, displayName: "Admins", displayNameNormalized: "admins", mappedRole: "ADMIN" } });
    const r = await completeSsoLogin(t.db, { teamId: team.id, profile: profile(`grace@${domain}`, { groups: ["ADMINS"] }), flow: "sp-initiated", vouchedBy });
    assert.equal(r.ok && r.outcome, "provisioned");
    const m = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id, emailNormalized: `grace@${domain}` } });
    assert.equal(m.role, "ADMIN");
    assert.equal(m.roleSource, "MANUAL");
    assert.equal(m.source, "SSO");
  });

  it("links an account that already exists in another team instead of creating a second one", async () => {
    const [a, b] = [await createTeam(t.db), await createTeam(t.db)];
    const domain = `${b.slug}.test`;
    await verifiedDomain(b.id, domain);
    await t.db.team.update({ where: { id: b.id }, data: { jitProvisioning: true } });
    const inA = await createMember(t.db, a.id, { email: `linus@${domain}`, givenName: "Linus", familyName: "InA" });
    const r = await completeSsoLogin(t.db, { teamId: b.id, profile: profile(`Linus@${domain}`), flow: "idp-initiated", vouchedBy });
    assert.ok(r.ok);
    assert.equal(r.user.id, inA.userId);
    assert.equal(await t.db.user.count({ where: { emailNormalized: `linus@${domain}` } }), 1);
    // Team B's IdP names the person in team B only; team A's view and its version stay.
    const [inAAfter, inB] = await Promise.all([
      t.db.membership.findUniqueOrThrow({ where: { id: inA.id } }),
      t.db.membership.findFirstOrThrow({ where: { teamId: b.id, userId: inA.userId } }),
    ]);
    assert.deepEqual([inB.givenName, inB.familyName], ["Grace", "Hopper"]);
    assert.deepEqual([inAAfter.givenName, inAAfter.familyName, inAAfter.version], ["Linus", "InA", inA.version]);
    // Signing in again through team B refreshes team B's view only.
    await completeSsoLogin(t.db, { teamId: b.id, profile: profile(`linus@${domain}`, { firstName: "Lin" }), flow: "idp-initiated", vouchedBy });
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: inB.id } })).givenName, "Lin");
    assert.equal((await t.db.membership.findUniqueOrThrow({ where: { id: inA.id } })).givenName, "Linus");
  });

  it("refuses an address the OpenID provider did not verify (email_verified false, as a boolean or a string), and records why", async () => {
    const team = await createTeam(t.db);
    const domain = `${team.slug}.test`;
    await verifiedDomain(team.id, domain);
    await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
    for (const claim of [false, "false"]) {
      const r = await completeSsoLogin(t.db, { teamId: team.id, profile: profile(`eve@${domain}`, { raw: { email: `eve@${domain}`, email_verified: claim } }), flow: "sp-initiated", vouchedBy });
      assert.deepEqual(r, { ok: false, reason: "email_unverified" });
    }
    assert.equal(await t.db.membership.count({ where: { teamId: team.id } }), 0);
    const refusal = await t.db.ssoSignInRefusal.findFirstOrThrow({ where: { teamId: team.id } });
    assert.match(refusal.message, /email_verified: false/);
    const ok = await completeSsoLogin(t.db, { teamId: team.id, profile: profile(`eve@${domain}`, { raw: { email: `eve@${domain}`, email_verified: true } }), flow: "sp-initiated", vouchedBy });
    assert.equal(ok.ok && ok.outcome, "provisioned");
  });

  // An OpenID provider's JSON can carry a NUL (SAML's XML cannot), in a claim its user may edit;
  // PostgreSQL refused the sign-in's writes over it and the person could not sign in (found by review).
  it("signs in through claims holding a NUL, kept as U+FFFD", async () => {
    const team = await createTeam(t.db);
    const domain = `${team.slug}.test`;
    await verifiedDomain(team.id, domain);
    await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
    const clientId = `oidc-${team.slug}`;
    await t.db.ssoConnection.create({ data: { teamId: team.id, clientId, kind: "oidc", label: "OP", ownerConfigured: true } });
    const claims = { sub: "s1", email: `ann@${domain}`, email_verified: true, given_name: "Ann\u0000", family_name: "Lee", title: "x\u0000y" };
    const jacksonProfile = { id: "s1", email: claims.email, firstName: claims.given_name, lastName: claims.family_name, raw: claims, requested: { tenant: team.id, product: SAML_PRODUCT, idp_hint: clientId } };
    for (const outcome of ["provisioned", "signed_in"]) {
      const r = await signInWithSamlProfile(t.db, jacksonProfile, { kind: "oidc" });
      assert.equal(r.ok && r.outcome, outcome, JSON.stringify(r));
    }
    const m = await t.db.membership.findFirstOrThrow({ where: { teamId: team.id } });
    assert.equal(m.givenName, "Ann\uFFFD");
  });

  it("refuses an unknown team and audits nothing it cannot attribute", async () => {
    const r = await completeSsoLogin(t.db, { teamId: "00000000-0000-4000-8000-000000000000", profile: profile("x@y.test"), flow: "sp-initiated", vouchedBy });
    assert.deepEqual(r, { ok: false, reason: "unknown_team" });
  });

  it("creates exactly one member when the same first login arrives twice at once", async () => {
    const team = await createTeam(t.db);
    const domain = `${team.slug}.test`;
    await verifiedDomain(team.id, domain);
    await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
    const results = await Promise.all(Array.from({ length: 5 }, () => completeSsoLogin(t.db, { teamId: team.id, profile: profile(`race@${domain}`), flow: "sp-initiated", vouchedBy })));
    assert.ok(results.every((r) => r.ok), JSON.stringify(results));
    assert.equal(await t.db.membership.count({ where: { teamId: team.id, emailNormalized: `race@${domain}` } }), 1);
  });
});

describe("replay record", () => {
  it("lets exactly one of several concurrent uses through, and forgets it after expiry", async () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const keys = ["r:idp:_resp1", "a:idp:_as1"];
    const until = new Date("2026-06-01T12:15:00Z");
    const results = await Promise.all(Array.from({ length: 6 }, () => markUsed(t.db, keys, until, now)));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(await wasUsed(t.db, ["a:idp:_as1"], now), true);
    assert.equal(await wasUsed(t.db, ["a:idp:_other"], now), false);
    const later = new Date("2026-06-01T12:20:00Z");
    assert.equal(await wasUsed(t.db, keys, later), false);
    assert.equal(await markUsed(t.db, keys, new Date("2026-06-01T12:30:00Z"), later), true);
  });
});
