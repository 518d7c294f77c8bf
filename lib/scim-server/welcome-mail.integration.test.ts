// Customer guide (Activepieces, SCIM with Okta): "Created users will receive a welcome email. When
// clicked, they will be redirected to sign in with SAML." People an IdP provisions have no
// password and were never told the app exists; with SMTP_URL set, the one the IdP creates is
// welcomed, through a real SMTP server, and nobody else is.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { withMailbox } from "../testing/mailbox-test";
import { oktaUser, scimClient, teamWithToken } from "../testing/scim-harness";
import { addMember } from "../members/add-member";
import { testActor } from "../testing/factories";
import { welcomesSettled } from "../provisioning/welcome";
import { setWelcomeEmails } from "../teams/update-team";

const { t, mailbox } = withMailbox();

const mailsTo = (address: string) => mailbox.inbox.filter((m) => m.to.includes(address));

/** A team with a token, its domain verified and an SSO connection: whom welcomes are for. */
async function ssoTeam(slug: string) {
  const made = await teamWithToken(t.db, slug);
  await t.db.teamDomain.create({ data: { teamId: made.team.id, domain: `${slug}.test`, verificationToken: "x", verifiedAt: new Date() } });
  await t.db.ssoConnection.create({ data: { teamId: made.team.id, kind: "saml", clientId: `${slug}-client`, label: "Okta" } });
  return made;
}

describe("welcome email for people the IdP provisions", () => {
  it("welcomes an IdP's first push of many people a few connections at a time, and every one of them", { timeout: 60_000 }, async () => {
    const { token } = await ssoTeam("welcome-many");
    const scim = scimClient(t.db, token);
    const emails = Array.from({ length: 24 }, (_, i) => `person${i}@welcome-many.test`);
    const created = await Promise.all(emails.map((email) => scim("POST", "/Users", { body: oktaUser(email) })));
    assert.deepEqual(created.map((r) => r.status), emails.map(() => 201));
    for (const email of emails) await mailbox.mailTo(email);
    assert.ok(mailbox.mostConnectionsAtOnce() <= 4, `at most 4 at once, not ${mailbox.mostConnectionsAtOnce()}`);
  });

  it("welcomes a member SCIM creates, naming the team and linking to sign-in with their address", { timeout: 15_000 }, async () => {
    const { team, token } = await ssoTeam("welcome-plain");
    await t.db.team.update({ where: { id: team.id }, data: { name: "Acme <EU>" } });
    const scim = scimClient(t.db, token);
    const created = await scim("POST", "/Users", { body: oktaUser("new.hire@welcome-plain.test") });
    assert.equal(created.status, 201);
    const mail = await mailbox.mailTo("new.hire@welcome-plain.test");
    assert.match(mail.subject, /Acme <EU>/);
    assert.match(mail.text, /added you to the team “Acme <EU>” on Gatehouse/);
    assert.match(mail.text, /https?:\/\/\S+\/login\?email=new\.hire%40welcome-plain\.test\n/);
    assert.match(mail.text, /Continue with SSO/);
    assert.match(mail.html, /Acme &lt;EU&gt;/);
    assert.doesNotMatch(mail.text + mail.html, /reset-password|invite\//, "no secret link: the page alone");
  });

  // Anyone may create a team and a SCIM token: without this, a team could send this server's mail,
  // its name in the subject, to any address (found by a review of the change).
  it("welcomes only addresses of the team's verified domains, and only once it has an SSO connection", { timeout: 15_000 }, async () => {
    const { team, token } = await teamWithToken(t.db, "welcome-sso");
    await t.db.teamDomain.create({ data: { teamId: team.id, domain: "sso-corp.test", verificationToken: "x", verifiedAt: new Date() } });
    await t.db.teamDomain.create({ data: { teamId: team.id, domain: "claimed.test", verificationToken: "y", verifiedAt: null } });
    const scim = scimClient(t.db, token);
    await scim("POST", "/Users", { body: oktaUser("early@sso-corp.test") });
    // Decided when the mail goes out: settled before the connection exists.
    await welcomesSettled();
    await t.db.ssoConnection.create({ data: { teamId: team.id, kind: "saml", clientId: "welcome-sso-client", label: "Okta" } });
    await scim("POST", "/Users", { body: oktaUser("victim@elsewhere.test") });
    await scim("POST", "/Users", { body: oktaUser("not.yet@claimed.test") });
    await scim("POST", "/Users", { body: oktaUser("pat@sso-corp.test") });
    await welcomesSettled();
    assert.match((await mailbox.mailTo("pat@sso-corp.test")).text, /Continue with SSO/);
    assert.deepEqual(mailsTo("early@sso-corp.test"), [], "no connection yet: SSO could not sign them in");
    assert.deepEqual(mailsTo("victim@elsewhere.test"), [], "not the team's domain");
    assert.deepEqual(mailsTo("not.yet@claimed.test"), [], "a domain the team has not proved");
  });

  it("welcomes nobody the IdP links, updates or creates deactivated", { timeout: 15_000 }, async () => {
    const { team, token } = await ssoTeam("welcome-none");
    const scim = scimClient(t.db, token);
    const manual = await addMember(t.db, { teamId: team.id, email: "already@welcome-none.test", source: "MANUAL" }, testActor);
    // Okta's import links the person who is already here, and pushes their profile.
    assert.equal((await scim("PUT", `/Users/${manual.id}`, { body: oktaUser("already@welcome-none.test") })).status, 200);
    assert.equal((await scim("POST", "/Users", { body: oktaUser("inactive@welcome-none.test", { active: false }) })).status, 201);
    // A duplicate create is refused and welcomes nobody either.
    assert.equal((await scim("POST", "/Users", { body: oktaUser("already@welcome-none.test") })).status, 409);
    await scim("POST", "/Users", { body: oktaUser("marker@welcome-none.test") });
    await welcomesSettled();
    assert.equal(mailsTo("marker@welcome-none.test").length, 1);
    assert.deepEqual(mailsTo("already@welcome-none.test"), []);
    assert.deepEqual(mailsTo("inactive@welcome-none.test"), []);
  });

  it("welcomes nobody in a team that turned welcomes off, queued ones included, and audits the switch", { timeout: 15_000 }, async () => {
    const { team, token } = await ssoTeam("welcome-off");
    const scim = scimClient(t.db, token);
    assert.deepEqual(await setWelcomeEmails(t.db, team.id, false, testActor), { changed: true });
    assert.deepEqual(await setWelcomeEmails(t.db, team.id, false, testActor), { changed: false });
    assert.equal((await scim("POST", "/Users", { body: oktaUser("quiet@welcome-off.test") })).status, 201);
    await welcomesSettled();
    assert.deepEqual(mailsTo("quiet@welcome-off.test"), []);
    const audits = await t.db.auditEvent.findMany({ where: { teamId: team.id, action: "team.welcome_emails_changed" } });
    assert.deepEqual(audits.map((a) => a.details), [{ from: true, to: false }]);
    await setWelcomeEmails(t.db, team.id, true, testActor);
    await scim("POST", "/Users", { body: oktaUser("heard@welcome-off.test") });
    await welcomesSettled();
    assert.equal(mailsTo("heard@welcome-off.test").length, 1);
  });

  // Decided when the mail goes out, not when the IdP created them: someone removed, deactivated or
  // moved while their welcome waited behind others is not mailed (at the old address).
  it("welcomes nobody removed or deactivated while their welcome waited, and a moved person at the new address", { timeout: 30_000 }, async (test) => {
    const { token } = await ssoTeam("welcome-late");
    const scim = scimClient(t.db, token);
    const held = mailbox.hold();
    test.after(() => held.release());
    // Four welcomes in flight (the queue's limit), held by the mail server: the next ones wait.
    for (let i = 0; i < 4; i++) assert.equal((await scim("POST", "/Users", { body: oktaUser(`first${i}@welcome-late.test`) })).status, 201);
    await held.untilHolding(4);
    const idOf = async (email: string) => ((await scim("POST", "/Users", { body: oktaUser(email) })).body as { id: string }).id;
    const leaver = await idOf("leaver@welcome-late.test");
    const sleeper = await idOf("sleeper@welcome-late.test");
    const mover = await idOf("mover@welcome-late.test");
    await idOf("stays@welcome-late.test");
    assert.equal((await scim("DELETE", `/Users/${leaver}`)).status, 204);
    const patch = (operations: unknown[]) => ({ body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations } });
    assert.equal((await scim("PATCH", `/Users/${sleeper}`, patch([{ op: "replace", value: { active: false } }]))).status, 200);
    assert.equal((await scim("PATCH", `/Users/${mover}`, patch([{ op: "replace", path: "emails[type eq \"work\"].value", value: "moved@welcome-late.test" }]))).status, 200);
    held.release();
    await welcomesSettled();
    for (let i = 0; i < 4; i++) assert.equal(mailsTo(`first${i}@welcome-late.test`).length, 1);
    assert.equal(mailsTo("stays@welcome-late.test").length, 1);
    assert.deepEqual(mailsTo("leaver@welcome-late.test"), [], "removed before the welcome went out");
    assert.deepEqual(mailsTo("sleeper@welcome-late.test"), [], "deactivated before the welcome went out");
    assert.deepEqual(mailsTo("mover@welcome-late.test"), [], "not at the address they no longer have");
    assert.equal(mailsTo("moved@welcome-late.test").length, 1);
  });
});
