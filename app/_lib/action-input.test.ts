import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { readForm, readInput, readTeamForm, ssoPageInputProblem, UNKNOWN_TEAM, UNREADABLE_FORM } from "./action-input";
import { plainText, UNSTORABLE_TEXT } from "@/lib/plain-text";

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};
const schema = z.object({ slug: z.string().min(1).max(100), name: plainText().trim().min(1, "Enter a team name.").max(100) });
const errorOf = (r: ReturnType<typeof readForm>) => (!r.ok && r.state.status === "error" ? r.state : null);

describe("what a server action was sent", () => {
  it("reads a well-formed form", () => {
    assert.deepEqual(readTeamForm(schema, form({ slug: "acme", name: " Acme " })), { ok: true, data: { slug: "acme", name: "Acme" } });
  });

  it("refuses anything but FormData with a form message, never a throw", () => {
    for (const sent of [{ slug: "acme", name: "Acme" }, null, undefined, "slug=acme", 42, [["slug", "acme"]]]) {
      assert.equal(errorOf(readForm(schema, sent))?.message, UNREADABLE_FORM, String(sent));
      assert.equal(errorOf(readTeamForm(schema, sent))?.message, UNREADABLE_FORM);
    }
  });

  it("refuses a slug no team can have before the team is loaded", () => {
    for (const slug of ["acme\u0000", "Acme", "a", "acme-", "../x", "a".repeat(41), "ac me"]) {
      assert.equal(errorOf(readTeamForm(schema, form({ slug, name: "Acme" })))?.message, UNKNOWN_TEAM, JSON.stringify(slug));
    }
  });

  it("refuses a NUL or half a surrogate pair in a text field with that field's message", () => {
    for (const name of ["Ac\u0000me", "\u0000"]) {
      const e = errorOf(readTeamForm(schema, form({ slug: "acme", name })));
      assert.equal(e?.message, UNSTORABLE_TEXT, JSON.stringify(name));
      assert.deepEqual(e?.fieldErrors, { name: UNSTORABLE_TEXT });
    }
    // FormData turns half pairs into U+FFFD; an action taking plain values can receive them.
    for (const name of ["Acme\ud800", "\udc00Acme", "\udbff\udbff"]) {
      assert.deepEqual(errorOf(readInput(schema, { slug: "acme", name }))?.fieldErrors, { name: UNSTORABLE_TEXT }, JSON.stringify(name));
    }
    assert.equal(readTeamForm(schema, form({ slug: "acme", name: "Åcme 😀 \u00e9" })).ok, true, "whole pairs and accents are text");
  });

  it("checks the SSO page's bound slug and its form", () => {
    assert.equal(ssoPageInputProblem("acme", form({})), null);
    assert.equal(ssoPageInputProblem({ slug: "acme" }, form({})), UNKNOWN_TEAM);
    assert.equal(ssoPageInputProblem("acme\u0000", form({})), UNKNOWN_TEAM);
    assert.equal(ssoPageInputProblem("acme", { connectionId: "x" }), UNREADABLE_FORM);
  });
});
