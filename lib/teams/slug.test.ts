import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkSlug, isSlugShaped, slugFromName } from "./slug";

describe("team slugs", () => {
  it("accepts lower-case words joined by single hyphens, normalising case and spaces around", () => {
    assert.deepEqual(checkSlug("  Acme-EU "), { ok: true, slug: "acme-eu" });
    assert.deepEqual(checkSlug("a1b"), { ok: true, slug: "a1b" });
  });

  it("refuses too short, too long, odd characters and hyphens at the ends or doubled", () => {
    for (const bad of ["ab", "x".repeat(41), "acme inc", "acme_eu", "-acme", "acme-", "ac--me", "acmé", "../x"]) {
      assert.equal(checkSlug(bad).ok, false, bad);
    }
  });

  it("refuses the app's own words, in any case", () => {
    for (const word of ["new", "Settings", "API", "invite", "account", "admin", "setup"]) {
      const r = checkSlug(word);
      assert.equal(r.ok, false, word);
      if (!r.ok && word.length >= 3) assert.match(r.message, /reserved/);
    }
  });

  it("suggests a slug from a team name", () => {
    assert.equal(slugFromName("Acme Inc."), "acme-inc");
    assert.equal(slugFromName("  Ärzte & Co  "), "arzte-co");
    assert.equal(slugFromName("!!!"), "");
  });
});

describe("isSlugShaped", () => {
  it("accepts what checkSlug accepts, reserved words included (a team may predate the reservation)", () => {
    for (const slug of ["acme", "acme-eu", "a1b", "admin", "a".repeat(40)]) assert.equal(isSlugShaped(slug), true, slug);
  });
  it("refuses what no team can have, before any database read", () => {
    for (const slug of ["acme\u0000", "Acme", "ab", "-acme", "acme--eu", "a".repeat(41), "ac me", ""]) assert.equal(isSlugShaped(slug), false, JSON.stringify(slug));
  });
});
