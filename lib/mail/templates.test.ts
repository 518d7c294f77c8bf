import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { invitationMail, passwordResetMail } from "./templates";

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
});
