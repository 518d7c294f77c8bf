import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { invitationMail, passwordResetMail, welcomeMail } from "./templates";

describe("mail templates", () => {
  it("names the team and the inviter in both bodies, with the link and no tracking", () => {
    const mail = invitationMail({ to: "a@example.test", teamName: "Acme <EU>", inviter: "ada@acme.test", role: "ADMIN", link: "http://x.test/invite/abc", expiresAt: new Date("2026-12-10T00:00:00Z") });
    assert.match(mail.subject, /ada@acme\.test invited you to Acme <EU>/);
    assert.match(mail.text, /team “Acme <EU>” on Gatehouse as an admin/);
    assert.match(mail.text, /http:\/\/x\.test\/invite\/abc/);
    assert.match(mail.html, /Acme &lt;EU&gt;/, "escaped in HTML");
    assert.match(mail.html, /<a href="http:\/\/x\.test\/invite\/abc">/);
    assert.doesNotMatch(mail.html, /<img|utm_|pixel/i);
  });

  it("says who made a reset link when an admin did", () => {
    assert.match(passwordResetMail({ to: "a@x.test", link: "http://l", expiresAt: new Date(), requestedBy: "owner@x.test" }).text, /owner@x\.test created a link/);
    assert.match(passwordResetMail({ to: "a@x.test", link: "http://l", expiresAt: new Date() }).text, /asked to reset/);
  });

  it("welcomes a provisioned person with the sign-in page only, and SSO as the way in", () => {
    const sso = welcomeMail({ to: "p@corp.test", teamName: "Acme <EU>", link: "http://x.test/login?email=p%40corp.test" });
    assert.equal(sso.subject, "Welcome to Acme <EU> on Gatehouse");
    assert.match(sso.text, /Continue with SSO/);
    assert.doesNotMatch(sso.text, /Forgot password/);
    assert.match(sso.html, /<a href="http:\/\/x\.test\/login\?email=p%40corp\.test">Sign in to Acme &lt;EU&gt;<\/a>/);
    assert.doesNotMatch(sso.text + sso.html, /<img|utm_|pixel/i);
  });
});
