import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { previewEnforcement, type PreviewMember } from "./enforcement-preview";

const m = (email: string, over: Partial<PreviewMember> = {}): PreviewMember => ({ email, name: null, role: "MEMBER", status: "ACTIVE", hasPassword: true, ...over });
const emails = (list: PreviewMember[]) => list.map((x) => x.email);

describe("Require SSO preview", () => {
  it("lists members on verified domains who sign in with a password today", () => {
    const p = previewEnforcement([m("zed@corp.test"), m("amy@Corp.test", { role: "ADMIN" }), m("sso-only@corp.test", { hasPassword: false })], ["corp.test"]);
    assert.deepEqual(emails(p.losePassword), ["amy@Corp.test", "zed@corp.test"]);
    assert.deepEqual(p.outsideDomains, []);
  });

  it("keeps owners' passwords and says so", () => {
    const p = previewEnforcement([m("boss@corp.test", { role: "OWNER" })], ["corp.test"]);
    assert.deepEqual(emails(p.ownersKeepPassword), ["boss@corp.test"]);
    assert.deepEqual(p.losePassword, []);
  });

  it("names active members outside every verified domain, whatever their role", () => {
    const p = previewEnforcement([m("contractor@gmail.test"), m("owner@other.test", { role: "OWNER" }), m("sub@x.corp.test")], ["corp.test"]);
    assert.deepEqual(emails(p.outsideDomains), ["contractor@gmail.test", "owner@other.test", "sub@x.corp.test"]);
  });

  it("leaves deactivated members out: they cannot sign in either way", () => {
    const p = previewEnforcement([m("gone@corp.test", { status: "DEACTIVATED" }), m("gone@else.test", { status: "DEACTIVATED" })], ["corp.test"]);
    assert.deepEqual(p, { losePassword: [], ownersKeepPassword: [], outsideDomains: [] });
  });

  it("with no verified domain, everyone is outside", () => {
    assert.deepEqual(emails(previewEnforcement([m("a@corp.test")], []).outsideDomains), ["a@corp.test"]);
  });
});
