// A first look at a SAMLResponse before jackson validates it: which IdP sent it, which IDs it
// carries (for replay detection) and what it claims about audience and lifetime. Nothing here
// is trusted for sign-in; it only lets us refuse more than jackson does:
//  - jackson compares the audience with startsWith and checks only one; we want an exact match,
//  - jackson accepts an assertion with no NotOnOrAfter as never expiring,
//  - jackson does not remember responses, so an IdP-initiated one could be replayed.
import crypto from "node:crypto";
import type { Element } from "@xmldom/xmldom";
import { parseXmlRoot } from "./xml";

const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#";

/** 1 MB of base64 is far beyond any real response (with certificates and many groups). */
export const MAX_SAML_RESPONSE_LENGTH = 1_000_000;

export type SamlResponseSummary = {
  issuer: string | null;
  responseId: string | null;
  /** Plain assertions, in document order. */
  assertions: { id: string | null; audiences: string[]; notOnOrAfter: Date | null }[];
  /** Encrypted assertions cannot be read before jackson decrypts them; their ciphertext is fingerprinted instead. */
  encryptedAssertionDigests: string[];
};

export class MalformedSamlResponse extends Error {}

export function parseSamlResponse(base64: string): SamlResponseSummary {
  if (!base64 || base64.length > MAX_SAML_RESPONSE_LENGTH) throw new MalformedSamlResponse("SAMLResponse is missing or too large");
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (!xml.includes("<")) throw new MalformedSamlResponse("SAMLResponse is not base64-encoded XML");
  // A DOCTYPE in a SAML message is never legitimate and is how entity-expansion attacks start.
  if (/<!DOCTYPE/i.test(xml)) throw new MalformedSamlResponse("SAMLResponse must not contain a DOCTYPE");
  let root: Element;
  try {
    root = parseXmlRoot(xml);
  } catch (e) {
    throw new MalformedSamlResponse(`SAMLResponse is not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (root.localName !== "Response" || root.namespaceURI !== PROTOCOL_NS) {
    throw new MalformedSamlResponse("Not a SAML 2.0 Response");
  }

  const issuerOf = (el: Element) => childrenNS(el, ASSERTION_NS, "Issuer")[0]?.textContent?.trim() || null;
  const assertionEls = descendantsNS(root, ASSERTION_NS, "Assertion");
  const assertions = assertionEls.map((a) => {
    const conditions = childrenNS(a, ASSERTION_NS, "Conditions")[0];
    const audiences = conditions
      ? childrenNS(conditions, ASSERTION_NS, "AudienceRestriction").flatMap((r) =>
          childrenNS(r, ASSERTION_NS, "Audience").map((x) => (x.textContent ?? "").trim()),
        )
      : [];
    const raw = conditions?.getAttribute("NotOnOrAfter");
    const notOnOrAfter = raw ? new Date(raw) : null;
    return { id: a.getAttribute("ID") || null, audiences, notOnOrAfter: notOnOrAfter && !Number.isNaN(notOnOrAfter.getTime()) ? notOnOrAfter : null };
  });
  const encryptedAssertionDigests = descendantsNS(root, ASSERTION_NS, "EncryptedAssertion").map((e) =>
    crypto
      .createHash("sha256")
      .update(descendantsNS(e, XMLENC_NS, "CipherValue").map((c) => (c.textContent ?? "").replace(/\s+/g, "")).join("|"))
      .digest("hex"),
  );
  return {
    issuer: issuerOf(root) ?? (assertionEls[0] ? issuerOf(assertionEls[0]) : null),
    responseId: root.getAttribute("ID") || null,
    assertions,
    encryptedAssertionDigests,
  };
}

/** Keys that identify this response for replay detection: every ID it carries. */
export function replayKeys(s: SamlResponseSummary): string[] {
  const issuer = s.issuer ?? "";
  const keys = [
    ...(s.responseId ? [`r:${issuer}:${s.responseId}`] : []),
    ...s.assertions.flatMap((a) => (a.id ? [`a:${issuer}:${a.id}`] : [])),
    ...s.encryptedAssertionDigests.map((d) => `e:${d}`),
  ];
  return [...new Set(keys)];
}

export type PrecheckFailure = "no_assertion" | "wrong_audience" | "expired" | "no_expiry";

/**
 * What we refuse before jackson sees it. `skewMs` matches jackson's own tolerance for clocks that
 * disagree (10 minutes), so a response jackson would call fresh is fresh here too.
 */
export function precheckSamlResponse(s: SamlResponseSummary, audience: string, now: Date, skewMs = 10 * 60_000): PrecheckFailure | null {
  if (s.assertions.length === 0 && s.encryptedAssertionDigests.length === 0) return "no_assertion";
  for (const a of s.assertions) {
    if (!a.audiences.includes(audience)) return "wrong_audience";
    if (!a.notOnOrAfter) return "no_expiry";
    if (a.notOnOrAfter.getTime() + skewMs <= now.getTime()) return "expired";
  }
  return null;
}

/** When the replay record may be forgotten: once no copy of the response could pass anyway. */
export function replayExpiry(s: SamlResponseSummary, now: Date, skewMs = 10 * 60_000): Date {
  const ends = s.assertions.map((a) => a.notOnOrAfter?.getTime()).filter((t): t is number => t !== undefined);
  // Encrypted assertions hide their lifetime: keep those records for a day.
  const latest = ends.length && s.encryptedAssertionDigests.length === 0 ? Math.max(...ends) + skewMs : now.getTime() + 24 * 3600_000;
  return new Date(Math.max(latest, now.getTime() + skewMs));
}

function childrenNS(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === ns) out.push(n as Element);
  }
  return out;
}

function descendantsNS(el: Element, ns: string, local: string): Element[] {
  return Array.from(el.getElementsByTagNameNS(ns, local));
}
