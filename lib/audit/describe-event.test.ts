import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AUDIT_ACTIONS, type AuditAction } from "./actions";
import { describeAuditEvent, type DescribableEvent } from "./describe-event";

const ada = { actorType: "user", actorLabel: "ada@acme.test" };
const sam = { targetType: "member", targetId: "m-1", targetLabel: "sam@acme.test" };
const ev = (action: AuditAction, details: unknown = null, over: Partial<DescribableEvent> = {}): DescribableEvent => ({ action, ...ada, ...sam, details, ...over });

// One example per action, with the details its writer records (grep recordAudit). A new action in
// lib/audit/actions.ts fails the "every action" test below until it gets a sentence and a line here.
const EXAMPLES: Record<AuditAction, [DescribableEvent, string]> = {
  "member.added": [ev("member.added", { role: "ADMIN", status: "ACTIVE", source: "MANUAL" }), "ada@acme.test added sam@acme.test as Admin (by hand)."],
  "member.profile_updated": [ev("member.profile_updated", { fields: ["displayName", "title"] }), "ada@acme.test updated sam@acme.test’s profile (displayName, title)."],
  "member.role_changed": [ev("member.role_changed", { from: "ADMIN", to: "MEMBER" }), "ada@acme.test changed sam@acme.test’s role from Admin to Member."],
  "member.deactivated": [ev("member.deactivated"), "ada@acme.test deactivated sam@acme.test."],
  "member.reactivated": [ev("member.reactivated"), "ada@acme.test reactivated sam@acme.test."],
  "member.removed": [ev("member.removed", { role: "MEMBER", userName: "sam" }), "ada@acme.test removed sam@acme.test from the team (was Member)."],
  "member.linked_to_scim": [
    ev("member.linked_to_scim", { from: "SSO" }, { actorType: "scim", actorLabel: 'SCIM token "Okta"' }),
    'SCIM token "Okta" linked sam@acme.test to the identity provider: SCIM now manages them (was SSO).',
  ],
  "member.login": [ev("member.login", { method: "saml" }), "sam@acme.test signed in with SAML single sign-on."],
  "member.login_refused": [
    ev("member.login_refused", { method: "saml", reason: "deactivated", email: "sam@acme.test" }, { actorType: "saml", actorLabel: "SAML: sam@acme.test" }),
    "A SAML sign-in by sam@acme.test was refused: the member is deactivated.",
  ],
  "group.created": [ev("group.created", { members: 3 }, { targetType: "group", targetLabel: "Engineering" }), "ada@acme.test created the group Engineering with 3 members."],
  "group.updated": [
    ev("group.updated", { mappedRole: { from: null, to: "ADMIN" } }, { targetType: "group", targetLabel: "Engineering" }),
    "ada@acme.test mapped the group Engineering to the Admin role.",
  ],
  "group.deleted": [ev("group.deleted", null, { targetType: "group", targetLabel: "Engineering" }), "ada@acme.test deleted the group Engineering."],
  "group.members_changed": [
    ev("group.members_changed", { added: 2, removed: 1 }, { targetType: "group", targetLabel: "Engineering" }),
    "ada@acme.test changed the members of Engineering: 2 added, 1 removed.",
  ],
  "scim_token.created": [
    ev("scim_token.created", { prefix: "gh_ab12", expiresAt: "2027-01-31T00:00:00.000Z", mayManageOwners: true }, { targetType: "scim_token", targetLabel: "Okta" }),
    "ada@acme.test generated the SCIM token Okta (gh_ab12…) (expires 2027-01-31).",
  ],
  "scim_token.revoked": [ev("scim_token.revoked", null, { targetType: "scim_token", targetLabel: "Okta" }), "ada@acme.test revoked the SCIM token Okta."],
  "saml.connection_changed": [
    ev("saml.connection_changed", { change: "domain_verified", method: "dns" }, { targetType: "domain", targetLabel: "acme.test" }),
    "ada@acme.test verified the domain acme.test (dns).",
  ],
  "team.created": [ev("team.created", { name: "Acme" }, { targetType: "team", targetLabel: "acme" }), "ada@acme.test created the team Acme (acme)."],
  "invitation.created": [
    ev("invitation.created", { role: "MEMBER", expiresAt: "2026-12-10T08:00:00.000Z" }, { targetType: "invitation" }),
    "ada@acme.test invited sam@acme.test as Member (expires 2026-12-10).",
  ],
  "invitation.resent": [ev("invitation.resent", { expiresAt: "2026-12-10T08:00:00.000Z" }), "ada@acme.test sent sam@acme.test a new invitation link (expires 2026-12-10)."],
  "invitation.revoked": [ev("invitation.revoked"), "ada@acme.test revoked the invitation for sam@acme.test."],
  "invitation.accepted": [ev("invitation.accepted", { role: "ADMIN", via: "signed_in" }), "sam@acme.test accepted the invitation and joined as Admin."],
  "invitation.merged_into_scim": [
    ev("invitation.merged_into_scim", { membershipId: "m-1" }, { actorType: "scim", actorLabel: 'SCIM token "Okta"' }),
    'SCIM token "Okta" provisioned sam@acme.test, who was invited: the invitation is now their membership.',
  ],
  "member.password_reset_link_created": [
    ev("member.password_reset_link_created", { expiresAt: "2026-12-04T10:00:00.000Z" }),
    "ada@acme.test made a password reset link for sam@acme.test (expires 2026-12-04).",
  ],
  "member.ownership_transferred": [
    ev("member.ownership_transferred", { from: "ada@acme.test", to: "sam@acme.test" }),
    "ada@acme.test handed the Owner role to sam@acme.test (ada@acme.test is now an Admin).",
  ],
  "team.renamed": [ev("team.renamed", { from: "Acme", to: "Acme Inc" }, { targetType: "team", targetLabel: "acme" }), "ada@acme.test renamed the team from Acme to Acme Inc."],
  "team.slug_changed": [ev("team.slug_changed", { from: "acme", to: "acme-inc" }, { targetType: "team", targetLabel: "acme-inc" }), "ada@acme.test changed the team's URL name from acme to acme-inc."],
  "team.default_role_changed": [
    ev("team.default_role_changed", { from: "MEMBER", to: "ADMIN" }, { targetType: "team", targetLabel: "acme" }),
    "ada@acme.test changed the team's default role from Member to Admin.",
  ],
  "team.welcome_emails_changed": [
    ev("team.welcome_emails_changed", { from: true, to: false }, { targetType: "team", targetLabel: "acme" }),
    "ada@acme.test turned off welcome emails for people the IdP creates.",
  ],
  "scim_token.rotated": [
    ev("scim_token.rotated", { newPrefix: "gh_ab12", overlapHours: 24, oldTokenValidUntil: "2026-12-04T10:00:00.000Z" }, { targetType: "scim_token", targetLabel: "Okta" }),
    "ada@acme.test rotated the SCIM token Okta: the new one starts gh_ab12…, the old one works until 2026-12-04 10:00 UTC.",
  ],
  "sso_setup_link.created": [
    ev("sso_setup_link.created", { expiresAt: "2026-12-10T10:00:00.000Z", days: 7 }, { targetType: "sso_setup_link", targetLabel: null }),
    "ada@acme.test created an SSO setup link for the customer's IT admin (expires 2026-12-10).",
  ],
  "sso_setup_link.revoked": [ev("sso_setup_link.revoked", null, { targetType: "sso_setup_link", targetLabel: null }), "ada@acme.test revoked an SSO setup link."],
  "member.unproven_credentials_cleared": [
    ev("member.unproven_credentials_cleared", { passwordCleared: true, sessionsEnded: 2 }),
    "ada@acme.test added sam@acme.test, whose address was never proved: the account's password was cleared and 2 sessions ended, so they sign in with “Forgot password?” or SSO.",
  ],
  "sso_setup_link.used": [ev("sso_setup_link.used", null, { targetType: "sso_setup_link", targetLabel: null }), "ada@acme.test opened the SSO setup link for the first time."],
};

describe("describeAuditEvent", () => {
  for (const action of AUDIT_ACTIONS) {
    it(`has a human sentence for ${action}`, () => {
      const example = (EXAMPLES as Partial<Record<string, [DescribableEvent, string]>>)[action];
      assert.ok(example, `no example sentence for "${action}": add one to describe-event.ts and to EXAMPLES`);
      const sentence = describeAuditEvent(example[0]);
      assert.equal(sentence, example[1]);
      assert.doesNotMatch(sentence, new RegExp(action.replace(".", "\\.")), "the sentence must not be the raw action name");
      assert.doesNotMatch(sentence, /[{}"]\w+"?:/, "no raw JSON in the sentence");
    });
  }

  it("names system actors as Gatehouse and reads the other SSO changes", () => {
    assert.equal(describeAuditEvent(ev("member.added", { role: "OWNER", source: "MANUAL" }, { actorType: "system", actorLabel: "seed" })), "Gatehouse (seed) added sam@acme.test as Owner (by hand).");
    assert.equal(
      describeAuditEvent(ev("saml.connection_changed", { change: "settings", ssoRequired: { from: false, to: true }, defaultRole: { from: "MEMBER", to: "ADMIN" } }, { targetType: "team", targetLabel: null })),
      "ada@acme.test changed the SSO settings (SSO required from off to on; default role from Member to Admin).",
    );
    assert.equal(describeAuditEvent(ev("group.updated", { mappedRole: { from: "ADMIN", to: null } }, { targetLabel: "Eng" })), "ada@acme.test stopped mapping the group Eng to a role (was Admin).");
    assert.equal(describeAuditEvent(ev("invitation.revoked", { reason: "member_removed" })), "ada@acme.test revoked the invitation for sam@acme.test, removing them from the team.");
  });

  it("still reads an action it does not know, and details that are missing or malformed", () => {
    assert.equal(describeAuditEvent({ ...ev("member.deactivated"), action: "member.teleported" }), "ada@acme.test: member teleported (sam@acme.test).");
    assert.equal(describeAuditEvent(ev("member.role_changed", "not an object")), "ada@acme.test changed sam@acme.test’s role from no role to no role.");
    assert.equal(describeAuditEvent(ev("member.login_refused", { reason: "unknown_idp" }, { targetLabel: null, targetId: null })), "A SAML sign-in by someone was refused: unknown idp.");
  });
});
