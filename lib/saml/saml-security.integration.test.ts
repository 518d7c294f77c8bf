// The SAML security suite: forged, replayed and misaddressed responses, made at test time from
// the test IdP's own keys, posted to the real ACS (our checks, then a real jackson) on a real
// database. Each must be refused, create nothing, and leave an audit event naming the reason.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Element } from "@xmldom/xmldom";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createTeam, testActor } from "../testing/factories";
import { generateKeyPair, type KeyPair } from "../../e2e/idp/keys";
import { TestIdp, type ResponseOptions } from "../../e2e/idp/test-idp";
import { saveSamlConnection } from "./connections";
import { handleAuthorize } from "./authorize";
import { REFUSAL_AUDITS_PER_HOUR } from "./acs";
import { describeAuditEvent } from "../audit/describe-event";
import { spKeyPair } from "./open-jackson";
import { verifyRedirectBinding } from "./redirect-binding";
import { spMetadataXml } from "./sp-metadata";
import { addTeamDomain, verifyTeamDomain } from "./team-domains";
import { idpLogin, postResponse, spLogin, startJacksonForTests, TEST_APP_URL, urls, type Harness, type LoginAttempt } from "./testing/jackson-harness";
import { b64, editResponse, stripResponseSignature, targetsResponseSignature, unb64, wrap, XSW_VARIANTS } from "./testing/forge";

let t: TestDatabase;
let h: Harness;
let idpKeys: KeyPair;
let attackerKeys: KeyPair;
let spCert: string;
const counts = { refused: 0, accepted: 0 };

before(async () => {
  t = await createTestDatabase();
  h = await startJacksonForTests(t.db, t.kind);
  idpKeys = generateKeyPair("security-idp");
  attackerKeys = generateKeyPair("attacker");
  spCert = (await spKeyPair()).publicKey;
});
after(async () => {
  console.log(`SAML security suite (${t?.kind}): ${counts.refused} forged or misaddressed responses refused, ${counts.accepted} genuine accepted`);
  await h?.close();
  await t?.close();
});

type SsoTeam = { team: { id: string }; domain: string; idp: TestIdp; victim: string; evil: string };

async function ssoTeam(): Promise<SsoTeam> {
  const team = await createTeam(t.db);
  const domain = `${team.slug}.example.test`;
  const d = await addTeamDomain(t.db, team.id, domain, testActor);
  await verifyTeamDomain(t.db, team.id, d.id, { kind: "manual" }, testActor);
  await t.db.team.update({ where: { id: team.id }, data: { jitProvisioning: true } });
  const idp = new TestIdp(`https://idp.test/${team.slug}`, `https://idp.test/${team.slug}/sso`, idpKeys);
  await saveSamlConnection({ jackson: h.jackson, db: t.db, appUrl: TEST_APP_URL, allowLoopbackFetch: false }, team, { kind: "xml", xml: idp.metadataXml() }, testActor);
  return { team, domain, idp, victim: `alice@${domain}`, evil: `mallory@${domain}` };
}

async function refusalReasons(teamId: string): Promise<string[]> {
  const events = await t.db.auditEvent.findMany({ where: { teamId, action: "member.login_refused" }, orderBy: { createdAt: "asc" } });
  return events.map((e) => (e.details as { reason: string }).reason);
}

const memberships = (teamId: string) =>
  t.db.membership.findMany({ where: { teamId }, select: { id: true, lastLoginAt: true, updatedAt: true }, orderBy: { id: "asc" } });

/** Refused at the ACS, nobody created or signed in, and one more audit event with `reason`. */
async function assertRefused(s: SsoTeam, attempt: () => Promise<LoginAttempt>, reason: string | RegExp, detail?: RegExp) {
  const before = await refusalReasons(s.team.id);
  const usersBefore = await t.db.user.count();
  const membersBefore = await memberships(s.team.id);
  const r = await attempt();
  assert.equal(r.acs.kind, "refused", `expected a refusal, got ${JSON.stringify(r.acs)} / ${JSON.stringify(r.result)}`);
  assert.equal(r.result, null);
  if (r.acs.kind === "refused") {
    if (typeof reason === "string") assert.equal(r.acs.reason, reason, r.acs.detail);
    else assert.match(r.acs.reason ?? "", reason, r.acs.detail);
    if (detail) assert.match(r.acs.detail, detail);
  }
  assert.deepEqual(await memberships(s.team.id), membersBefore, "no membership created or signed in");
  assert.equal(await t.db.user.count(), usersBefore, "no user created");
  const afterReasons = await refusalReasons(s.team.id);
  assert.equal(afterReasons.length, before.length + 1, "one audit event for the refusal");
  if (typeof reason === "string") assert.equal(afterReasons.at(-1), reason);
  counts.refused++;
}

async function assertAccepted(r: LoginAttempt) {
  assert.equal(r.acs.kind, "redirect", JSON.stringify(r.acs));
  assert.ok(r.result?.ok, JSON.stringify(r.result));
  counts.accepted++;
}

const sp = (s: SsoTeam, o: Partial<ResponseOptions> = {}) => () => spLogin(h, t.db, s.team.id, s.idp, { email: s.victim, ...o });
const idp = (s: SsoTeam, o: Partial<ResponseOptions> = {}) => () => idpLogin(h, t.db, s.idp, { email: s.victim, ...o });
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("SAML security: replay", () => {
  it("refuses a response posted again, as is or with its unsigned parts changed", async () => {
    const s = await ssoTeam();
    const first = await idpLogin(h, t.db, s.idp, { email: s.victim, signResponse: true, signAssertion: true });
    await assertAccepted(first);
    const xml = unb64(first.samlResponse);
    await assertRefused(s, () => postResponse(h, t.db, first.samlResponse, ""), "replayed");
    // The bypass: Response signature removed, a foreign-namespace Issuer first, and the
    // SAML Issuer given a new suffix: a new replay key for the old reader, one IdP for jackson.
    const disguised = editResponse(stripResponseSignature(xml), (root, doc) => {
      const issuer = Array.from(root.childNodes).find((n) => (n as Element).localName === "Issuer") as Element;
      issuer.textContent = `${issuer.textContent}#again`;
      const foreign = doc.createElementNS("urn:other", "x:Issuer");
      foreign.textContent = s.idp.entityId;
      root.insertBefore(foreign, root.firstChild);
    });
    await assertRefused(s, () => postResponse(h, t.db, b64(disguised), ""), "wrapped");
    // Each change on its own: a new Issuer suffix, a foreign Issuer, a new Response ID.
    const suffixed = editResponse(stripResponseSignature(xml), (root) => {
      const issuer = Array.from(root.childNodes).find((n) => (n as Element).localName === "Issuer") as Element;
      issuer.textContent = `${issuer.textContent}#again`;
    });
    await assertRefused(s, () => postResponse(h, t.db, b64(suffixed), ""), "wrong_issuer");
    const foreignFirst = editResponse(stripResponseSignature(xml), (root, doc) => {
      const foreign = doc.createElementNS("urn:other", "x:Issuer");
      foreign.textContent = s.idp.entityId;
      root.insertBefore(foreign, root.firstChild);
    });
    await assertRefused(s, () => postResponse(h, t.db, b64(foreignFirst), ""), "wrapped");
    const newId = editResponse(stripResponseSignature(xml), (root) => root.setAttribute("ID", "_fresh_response_id"));
    await assertRefused(s, () => postResponse(h, t.db, b64(newId), ""), "replayed");
  });

  it("refuses a replayed encrypted assertion, also with junk added to its unsigned encryption envelope", async () => {
    const s = await ssoTeam();
    const first = await idpLogin(h, t.db, s.idp, { email: s.victim, encryptFor: spCert, signResponse: false });
    await assertAccepted(first);
    await assertRefused(s, () => postResponse(h, t.db, first.samlResponse, ""), "replayed");
    // A second EncryptedKey changes every ciphertext digest but not what decrypts.
    const padded = unb64(first.samlResponse).replace("</xenc:EncryptedKey>", "</xenc:EncryptedKey><xenc:EncryptedKey><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>");
    assert.notEqual(padded, unb64(first.samlResponse));
    await assertRefused(s, () => postResponse(h, t.db, b64(padded), ""), "replayed");
  });
});

describe("SAML security: signatures", () => {
  it("refuses an assertion changed after signing", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { tamper: (xml) => xml.replaceAll(s.victim, s.evil) }), "bad_signature");
    await assertRefused(s, idp(s, { signResponse: false, tamper: (xml) => xml.replaceAll(s.victim, s.evil) }), "bad_signature");
  });

  it("refuses a response signed with a key other than the IdP's (foreign key)", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { signWith: attackerKeys }), "bad_signature");
    await assertRefused(s, idp(s, { signWith: attackerKeys, signResponse: false }), "bad_signature");
  });

  it("refuses a response with no signature at all, saying so", async () => {
    const s = await ssoTeam();
    await assertRefused(s, idp(s, { signResponse: false, signAssertion: false }), "unsigned", /not signed/);
  });

  it("refuses a broken Response signature even when the assertion's own signature is valid", async () => {
    const s = await ssoTeam();
    const moved = (xml: string) => xml.replace(/(<samlp:Response[^>]*IssueInstant=")([^"]+)"/, (_, a: string, when: string) => `${a}${new Date(new Date(when).getTime() + 1000).toISOString()}"`);
    await assertRefused(s, sp(s, { tamper: moved }), "bad_signature", /response signature/);
  });

  it("accepts a response signed only on the assertion, or only on the response", async () => {
    const s = await ssoTeam();
    await assertAccepted(await idp(s, { signResponse: false })());
    await assertAccepted(await idp(s, { signAssertion: false, email: `bob@${s.domain}` })());
  });
});

describe("SAML security: XML signature wrapping (XSW1–8)", () => {
  for (const variant of XSW_VARIANTS) {
    it(`refuses ${variant}`, async () => {
      const s = await ssoTeam();
      const signResponse = targetsResponseSignature(variant);
      await assertRefused(
        s,
        sp(s, { signResponse, signAssertion: !signResponse, tamper: (xml) => wrap(variant, xml, s.victim, s.evil) }),
        /wrapped|bad_signature/,
      );
    });
  }
});

describe("SAML security: lifetime and clock skew (3 minutes)", () => {
  it("refuses an expired assertion, including one expired 4 minutes ago", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { notBefore: minutes(-120), notOnOrAfter: minutes(-60) }), "expired", /expired/);
    await assertRefused(s, sp(s, { notBefore: minutes(-10), notOnOrAfter: minutes(-4) }), "expired", /expired/);
  });

  it("refuses an assertion that is not yet valid, and says so rather than 'expired'", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { notBefore: minutes(4), notOnOrAfter: minutes(10) }), "not_yet_valid", /not yet valid/);
  });

  it("accepts clocks up to 3 minutes apart", async () => {
    const s = await ssoTeam();
    await assertAccepted(await sp(s, { notBefore: minutes(2), notOnOrAfter: minutes(10) })());
    await assertAccepted(await sp(s, { email: `bob@${s.domain}`, notBefore: minutes(-10), notOnOrAfter: minutes(-2) })());
  });
});

describe("SAML security: addressed to someone else", () => {
  it("refuses another Audience, including one that only starts with ours", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { audience: "https://other-sp.example/saml" }), "wrong_audience");
    await assertRefused(s, sp(s, { audience: `${urls.entityId}-evil` }), "wrong_audience");
  });

  it("refuses another Recipient", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { recipient: "https://other-sp.example/acs" }), "wrong_recipient");
    await assertRefused(s, idp(s, { recipient: "https://other-sp.example/acs" }), "wrong_recipient");
  });

  it("refuses another Destination", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { destination: "https://other-sp.example/acs" }), "wrong_destination");
  });

  it("refuses a wrong or missing InResponseTo, and an answer to a request posted as unsolicited", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { inResponseTo: "_not_the_request" }), "wrong_in_response_to");
    await assertRefused(s, sp(s, { inResponseTo: undefined }), "wrong_in_response_to");
    await assertRefused(s, idp(s, { inResponseTo: "_some_request" }), "wrong_in_response_to");
  });
});

describe("SAML security: encrypted assertions", () => {
  it("accepts an encrypted, signed assertion", async () => {
    const s = await ssoTeam();
    await assertAccepted(await sp(s, { encryptFor: spCert })());
    await assertAccepted(await idp(s, { email: `bob@${s.domain}`, encryptFor: spCert, signResponse: false })());
  });

  it("applies every check to the decrypted assertion", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { encryptFor: spCert, audience: `${urls.entityId}-evil` }), "wrong_audience");
    await assertRefused(s, sp(s, { encryptFor: spCert, notBefore: minutes(-10), notOnOrAfter: minutes(-5) }), "expired");
    await assertRefused(s, sp(s, { encryptFor: spCert, recipient: "https://other-sp.example/acs" }), "wrong_recipient");
    await assertRefused(s, sp(s, { encryptFor: spCert, signWith: attackerKeys }), "bad_signature");
    // Anyone can encrypt for our public certificate: an unsigned assertion stays unsigned.
    await assertRefused(s, idp(s, { encryptFor: spCert, signResponse: false, signAssertion: false }), "unsigned");
  });

  it("refuses an assertion encrypted for another key, and a second encrypted assertion", async () => {
    const s = await ssoTeam();
    await assertRefused(s, sp(s, { encryptFor: attackerKeys.cert }), "undecryptable");
    const twice = (xml: string) => xml.replace(/(<saml:EncryptedAssertion>[\s\S]*<\/saml:EncryptedAssertion>)/, "$1$1");
    await assertRefused(s, idp(s, { encryptFor: spCert, signResponse: false, tamper: twice }), "wrapped");
  });
});

describe("SAML security: a flood of forged responses", () => {
  it("audits at most REFUSAL_AUDITS_PER_HOUR of them per team, saying so once, and the next hour again", async () => {
    const s = await ssoTeam();
    const hour = () => Math.floor(Date.now() / 3_600_000);
    // As if the hour had already seen all but one of its audited refusals (posting 100 forged
    // responses would take this suite seconds for nothing more).
    const seed = async (count: number) => {
      const windowStart = new Date(hour() * 3_600_000);
      await t.db.rateLimit.upsert({ where: { key: `audit:saml-refused:${s.team.id}` }, create: { key: `audit:saml-refused:${s.team.id}`, windowStart, count }, update: { windowStart, count } });
    };
    const forged = idp(s, { signResponse: false, signAssertion: false });
    let audited: { id: string; details: unknown }[] = [];
    for (let run = 0; run < 2; run++) {
      const first = hour();
      await seed(REFUSAL_AUDITS_PER_HOUR - 1);
      const before = await t.db.auditEvent.count({ where: { teamId: s.team.id } });
      for (let i = 0; i < 4; i++) assert.equal((await forged()).acs.kind, "refused");
      audited = await t.db.auditEvent.findMany({ where: { teamId: s.team.id }, orderBy: { createdAt: "asc" }, skip: before });
      // A run across an hour's end starts a new count midway: do it again (two cannot both cross).
      if (hour() === first) break;
    }
    assert.equal(audited.length, 2, "the 100th, and the 101st saying the rest go unaudited");
    assert.equal((audited[0].details as { unauditedAfter?: number }).unauditedAfter, undefined);
    assert.equal((audited[1].details as { unauditedAfter?: number }).unauditedAfter, REFUSAL_AUDITS_PER_HOUR);
    const event = await t.db.auditEvent.findUniqueOrThrow({ where: { id: audited[1].id } });
    assert.match(describeAuditEvent(event), /refused: .*100 refused responses this hour: further ones are not audited until the hour ends/);
    // The connection's own record still has every one of them (up to the newest it keeps).
    assert.ok((await t.db.ssoSignInRefusal.count({ where: { teamId: s.team.id } })) >= 4);

    // A new hour audits again.
    await t.db.rateLimit.update({ where: { key: `audit:saml-refused:${s.team.id}` }, data: { windowStart: new Date((hour() - 1) * 3_600_000) } });
    await assertRefused(s, forged, "unsigned");
  });
  it("a flood of forged responses does not hide refusals only the IdP's key could have signed (a replay)", async () => {
    const s = await ssoTeam();
    const captured = await idpLogin(h, t.db, s.idp, { email: s.victim, signResponse: true, signAssertion: true });
    await assertAccepted(captured);
    // As if forged responses had used up this hour's audited refusals, and then some.
    const windowStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const key = `audit:saml-refused:${s.team.id}`;
    await t.db.rateLimit.upsert({ where: { key }, create: { key, windowStart, count: REFUSAL_AUDITS_PER_HOUR + 50 }, update: { windowStart, count: REFUSAL_AUDITS_PER_HOUR + 50 } });
    assert.equal((await idp(s, { signResponse: false, signAssertion: false })()).acs.kind, "refused");
    await assertRefused(s, () => postResponse(h, t.db, captured.samlResponse, ""), "replayed");
  });
});

describe("SAML security: what we send", () => {
  it("signs the HTTP-Redirect AuthnRequest in SigAlg and Signature, not inside the XML", async () => {
    const s = await ssoTeam();
    const out = await handleAuthorize(
      h.jackson,
      new URLSearchParams({ tenant: s.team.id, response_type: "code", redirect_uri: urls.oauthCallbackUrl, state: "st", scope: "", code_challenge: "c".repeat(43), code_challenge_method: "S256" }),
    );
    assert.equal(out.kind, "redirect");
    const url = new URL(out.kind === "redirect" ? out.location : "");
    assert.equal(`${url.origin}${url.pathname}`, s.idp.ssoUrl);
    assert.ok(url.searchParams.get("SigAlg") && url.searchParams.get("Signature"));
    assert.equal(verifyRedirectBinding(url.search, spCert), true, "verifies with the certificate in our metadata");
    const xml = (await import("node:zlib")).inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString();
    assert.doesNotMatch(xml, /<(\w+:)?Signature[ >]/);
  });

  it("publishes AuthnRequestsSigned, WantAssertionsSigned and an encryption key in the SP metadata", async () => {
    const xml = await spMetadataXml(h.jackson);
    assert.match(xml, /AuthnRequestsSigned="true"/);
    assert.match(xml, /WantAssertionsSigned="true"/);
    assert.match(xml, /use="encryption"/);
    assert.ok(xml.includes(spCert.replace(/-----[^-]+-----|\s/g, "").slice(0, 60)), "the certificate we sign and decrypt with");
  });
});
