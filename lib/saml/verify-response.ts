// Our own validation of a SAMLResponse, run before jackson sees it. jackson checks one signature
// (the first it finds), reads the connection from the first child named Issuer in any namespace,
// allows 10 minutes of clock skew and ignores Recipient and Destination; each of those let a
// forged or misaddressed response in (issue 10). Here:
//  - the document must have the one shape a real IdP sends: one saml:Issuer, exactly one
//    Assertion or EncryptedAssertion anywhere (a direct child of the Response), signatures only
//    as direct children of the Response or the Assertion, each referencing its parent's ID, and
//    no ID used twice. Every XML signature wrapping (XSW1–8) breaks one of these;
//  - every signature present must verify against the connection's certificate (never KeyInfo),
//    and at least one must cover the assertion;
//  - an encrypted assertion is decrypted with the SP key first and gets the same checks;
//  - what we check (issuer, audience, lifetime, Recipient, IDs) is read from the XML the verified
//    signature covers, not from the document around it.
// Pure: no I/O. The caller finds the certificates and the SP key (acs.ts).
import { XMLSerializer, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import xmlenc from "xml-encryption";
import { parseXmlRoot } from "./xml";

export const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#";
const STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
/** Attribute names xml-crypto (and other libraries) treat as an element's ID. */
const ID_ATTRIBUTES = ["ID", "Id", "id", "AssertionID"];

/** How far the IdP's clock may be from ours, either way. */
export const SAML_CLOCK_SKEW_MS = 3 * 60_000;
/** 1 MB of base64 is far beyond any real response (with certificates and many groups). */
export const MAX_SAML_RESPONSE_LENGTH = 1_000_000;

export type SamlRefusalReason =
  | "malformed"
  | "unknown_idp"
  | "failed_status"
  | "wrapped"
  | "unsigned"
  | "bad_signature"
  | "undecryptable"
  | "wrong_issuer"
  | "wrong_audience"
  | "wrong_recipient"
  | "wrong_destination"
  | "wrong_in_response_to"
  | "no_expiry"
  | "expired"
  | "not_yet_valid";

export class SamlRefusal extends Error {
  constructor(
    readonly reason: SamlRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = "SamlRefusal";
  }
}

/** A parsed response whose structure is sound; nothing in it is verified yet. */
export type SamlEnvelope = {
  xml: string;
  root: Element;
  /** The Response's saml:Issuer, which picks the connection (verifyEnvelope refuses when null). */
  issuer: string | null;
  /** Set when the Issuer children are not exactly one saml:Issuer: refused once the team is known, for the audit. */
  issuerProblem: SamlRefusal | null;
  /** The plain assertion's Issuer, unverified: only to tell which team to audit a mismatch in. */
  assertionIssuer: string | null;
};

export type VerifiedResponse = {
  issuer: string;
  responseId: string;
  assertionId: string;
  /** The subject's NameID, from the verified assertion. */
  nameId: string | null;
  notOnOrAfter: Date;
  /** The request this answers (Response and SubjectConfirmationData agree), or null when unsolicited. */
  inResponseTo: string | null;
  encrypted: boolean;
  responseSigned: boolean;
  assertionSigned: boolean;
};

export type VerifyContext = {
  acsUrl: string;
  /** Our SP entity ID: every AudienceRestriction must name it. */
  audience: string;
  /** The IdP's signing certificates (PEM) from its connection. */
  certificates: string[];
  /** The SP private key (PEM) encrypted assertions are encrypted for; null when none is available. */
  decryptionKey: string | null;
  now: Date;
  skewMs?: number;
};

const refuse = (reason: SamlRefusalReason, message: string): never => {
  throw new SamlRefusal(reason, message);
};

/** Decodes and parses the SAMLResponse form value and checks the parts that pick the IdP. */
export function parseEnvelope(base64: string): SamlEnvelope {
  if (!base64 || base64.length > MAX_SAML_RESPONSE_LENGTH) refuse("malformed", "SAMLResponse is missing or too large");
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (!xml.includes("<")) refuse("malformed", "SAMLResponse is not base64-encoded XML");
  // A DOCTYPE in a SAML message is never legitimate and is how entity-expansion attacks start.
  if (/<!DOCTYPE/i.test(xml)) refuse("malformed", "SAMLResponse must not contain a DOCTYPE");
  let root: Element | undefined;
  try {
    root = parseXmlRoot(xml);
  } catch (e) {
    refuse("malformed", `SAMLResponse is not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!root || root.localName !== "Response" || root.namespaceURI !== PROTOCOL_NS) return refuse("malformed", "Not a SAML 2.0 Response");
  // jackson picks the connection by the first child named Issuer in any namespace; accept only
  // one, in the SAML namespace, so that it and we read the same IdP.
  const issuers = elementChildren(root).filter((c) => c.localName === "Issuer");
  const issuer = text(childrenNS(root, ASSERTION_NS, "Issuer")[0]) || null;
  const assertion = childrenNS(root, ASSERTION_NS, "Assertion")[0];
  const assertionIssuer = assertion ? text(childrenNS(assertion, ASSERTION_NS, "Issuer")[0]) || null : null;
  let issuerProblem: SamlRefusal | null = null;
  if (issuers.length !== 1 || issuers[0].namespaceURI !== ASSERTION_NS) {
    issuerProblem = new SamlRefusal("wrapped", "The response must carry exactly one Issuer, in the SAML namespace");
  } else if (!issuer) issuerProblem = new SamlRefusal("malformed", "The response's Issuer is empty");
  return { xml, root, issuer, assertionIssuer, issuerProblem };
}

/** Every check; returns what the verified signature says, or throws SamlRefusal. */
export function verifyEnvelope(env: SamlEnvelope, ctx: VerifyContext): VerifiedResponse {
  const { root } = env;
  if (env.issuerProblem) throw env.issuerProblem;
  const issuer = env.issuer ?? refuse("malformed", "The response has no Issuer");
  const skew = ctx.skewMs ?? SAML_CLOCK_SKEW_MS;
  const responseId = root.getAttribute("ID") ?? "";
  if (!responseId) refuse("malformed", "The response has no ID");
  checkUniqueIds(root, new Set());

  const found = allElements(root).filter((e) => e.localName === "Assertion" || e.localName === "EncryptedAssertion");
  if (found.length === 0) refuse("malformed", "The response carries no assertion");
  if (found.length > 1) refuse("wrapped", "The response must contain exactly one assertion");
  const outer = found[0];
  if (outer.parentNode !== root || outer.namespaceURI !== ASSERTION_NS) refuse("wrapped", "The assertion must be a direct child of the Response");
  checkSignaturePlacement(root, [root, ...(outer.localName === "Assertion" ? [outer] : [])]);

  const statusCode = childrenNS(childrenNS(root, PROTOCOL_NS, "Status")[0] ?? root, PROTOCOL_NS, "StatusCode")[0];
  const status = statusCode?.getAttribute("Value");
  if (status !== STATUS_SUCCESS) refuse("failed_status", `The IdP answered with status ${status ?? "(none)"}`);

  const destination = root.getAttribute("Destination");
  if (destination && destination !== ctx.acsUrl) refuse("wrong_destination", `The response is addressed to ${destination}, not to this service provider`);

  const responseSig = childrenNS(root, DSIG_NS, "Signature")[0];
  let signedResponse: string | null = null;
  if (responseSig) {
    signedResponse = verifySignature(env.xml, responseSig, responseId, ctx.certificates);
    if (!signedResponse) refuse("bad_signature", "The response signature does not verify with the IdP's certificate");
  }

  // The assertion as a document of its own when it arrived encrypted, else the response itself.
  let assertionXml = env.xml;
  let assertion = outer;
  const encrypted = outer.localName === "EncryptedAssertion";
  if (encrypted) {
    assertionXml = decryptAssertion(outer, ctx.decryptionKey);
    try {
      assertion = parseXmlRoot(assertionXml);
    } catch {
      refuse("undecryptable", "The encrypted assertion does not decrypt to XML");
    }
    if (assertion.localName !== "Assertion" || assertion.namespaceURI !== ASSERTION_NS) refuse("undecryptable", "The encrypted assertion is not a SAML assertion");
    if (allElements(assertion).some((e) => e !== assertion && (e.localName === "Assertion" || e.localName === "EncryptedAssertion"))) {
      refuse("wrapped", "The response must contain exactly one assertion");
    }
    checkUniqueIds(assertion, idsOf(root));
    checkSignaturePlacement(assertion, [assertion]);
  }
  const assertionId = assertion.getAttribute("ID") ?? "";
  if (!assertionId) refuse("malformed", "The assertion has no ID");

  const assertionSig = childrenNS(assertion, DSIG_NS, "Signature")[0];
  let signedAssertion: string | null = null;
  if (assertionSig) {
    signedAssertion = verifySignature(assertionXml, assertionSig, assertionId, ctx.certificates);
    if (!signedAssertion) refuse("bad_signature", "The assertion signature does not verify with the IdP's certificate");
  }
  if (!signedResponse && !signedAssertion) refuse("unsigned", "The response is not signed: neither the response nor its assertion carries a signature");

  // Read only what a verified signature covers: the signed assertion, else the assertion inside
  // the signed response (for an encrypted one, the signed ciphertext is what decrypted to it).
  let trusted: Element;
  if (signedAssertion) trusted = parseXmlRoot(signedAssertion);
  else if (encrypted) trusted = assertion;
  else trusted = childrenNS(parseXmlRoot(signedResponse!), ASSERTION_NS, "Assertion")[0] ?? refuse("wrapped", "The signed response holds no assertion");

  const assertionIssuer = text(childrenNS(trusted, ASSERTION_NS, "Issuer")[0]);
  if (assertionIssuer !== issuer) refuse("wrong_issuer", "The assertion's Issuer differs from the response's");

  const conditions = childrenNS(trusted, ASSERTION_NS, "Conditions");
  if (conditions.length !== 1) refuse("no_expiry", "The assertion must have exactly one Conditions element");
  const notOnOrAfter = parseTime(conditions[0].getAttribute("NotOnOrAfter"));
  if (!notOnOrAfter) return refuse("no_expiry", "The assertion has no NotOnOrAfter condition");
  checkWindow(parseTime(conditions[0].getAttribute("NotBefore")), notOnOrAfter, ctx.now, skew, "assertion");

  const restrictions = childrenNS(conditions[0], ASSERTION_NS, "AudienceRestriction");
  const audiencesOk =
    restrictions.length > 0 && restrictions.every((r) => childrenNS(r, ASSERTION_NS, "Audience").some((a) => text(a) === ctx.audience));
  if (!audiencesOk) {
    // Said in the admin's terms: the usual cause is the SP Entity ID typed wrongly in the IdP.
    const sent = restrictions.flatMap((r) => childrenNS(r, ASSERTION_NS, "Audience").map(text)).filter(Boolean);
    refuse("wrong_audience", `Invalid audience: Audience was ${sent.length ? sent.join(", ") : "(none)"}, this team expects ${ctx.audience}`);
  }

  const subject = childrenNS(trusted, ASSERTION_NS, "Subject")[0];
  const bearer = subject ? childrenNS(subject, ASSERTION_NS, "SubjectConfirmation").filter((c) => c.getAttribute("Method") === BEARER) : [];
  if (bearer.length === 0) refuse("malformed", "The assertion has no bearer SubjectConfirmation");
  const irts = new Set<string>();
  for (const confirmation of bearer) {
    for (const data of childrenNS(confirmation, ASSERTION_NS, "SubjectConfirmationData")) {
      const recipient = data.getAttribute("Recipient");
      if (recipient && recipient !== ctx.acsUrl) refuse("wrong_recipient", `The assertion's Recipient is ${recipient}, not this service provider`);
      checkWindow(null, parseTime(data.getAttribute("NotOnOrAfter")), ctx.now, skew, "subject confirmation");
      const irt = data.getAttribute("InResponseTo");
      if (irt) irts.add(irt);
    }
  }
  const responseIrt = root.getAttribute("InResponseTo") || null;
  if (responseIrt) irts.add(responseIrt);
  if (irts.size > 1) refuse("wrong_in_response_to", "The response and its assertion answer different requests");

  const nameId = subject ? text(childrenNS(subject, ASSERTION_NS, "NameID")[0]) : null;
  return {
    issuer,
    responseId,
    assertionId,
    nameId: nameId || null,
    notOnOrAfter,
    inResponseTo: irts.size ? [...irts][0] : null,
    encrypted,
    responseSigned: !!signedResponse,
    assertionSigned: !!signedAssertion,
  };
}

/** IdP certificates as jackson stores them (PEM, or base64 bodies separated by commas) as PEM. */
export function certificatesFrom(publicKey: string | undefined): string[] {
  if (!publicKey) return [];
  if (publicKey.includes("BEGIN CERTIFICATE")) return [publicKey];
  return publicKey
    .split(",")
    .map((c) => c.replace(/\s+/g, ""))
    .filter(Boolean)
    .map((c) => `-----BEGIN CERTIFICATE-----\n${c.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`);
}

function checkWindow(notBefore: Date | null, notOnOrAfter: Date | null, now: Date, skew: number, what: string) {
  if (notBefore && now.getTime() < notBefore.getTime() - skew) refuse("not_yet_valid", `The ${what} is not yet valid (NotBefore ${notBefore.toISOString()})`);
  if (notOnOrAfter && now.getTime() >= notOnOrAfter.getTime() + skew) refuse("expired", `The ${what} is expired (NotOnOrAfter ${notOnOrAfter.toISOString()})`);
}

/**
 * The canonical XML the signature covers, when it verifies with one of `certificates` and has
 * exactly one Reference, to its parent (`#expectedId`); otherwise null.
 */
function verifySignature(xml: string, signature: Element, expectedId: string, certificates: string[]): string | null {
  const signedInfo = childrenNS(signature, DSIG_NS, "SignedInfo");
  if (signedInfo.length !== 1) return null;
  const references = childrenNS(signedInfo[0], DSIG_NS, "Reference");
  if (references.length !== 1 || references[0].getAttribute("URI") !== `#${expectedId}`) return null;
  for (const publicCert of certificates) {
    try {
      // The key comes from the connection only: a certificate in KeyInfo is the sender's word.
      const sig = new SignedXml({ publicCert, getCertFromKeyInfo: () => null });
      sig.loadSignature(signature as never);
      if (!sig.checkSignature(xml)) continue;
      const refs = sig.getSignedReferences();
      if (refs.length === 1) return refs[0];
    } catch {
      // A wrong key, an unknown algorithm, a broken digest: this certificate does not verify it.
    }
  }
  return null;
}

function decryptAssertion(encryptedAssertion: Element, key: string | null): string {
  if (!key) return refuse("undecryptable", "The assertion is encrypted but no decryption key is available");
  const data = elementChildren(encryptedAssertion).filter((e) => e.localName === "EncryptedData" && e.namespaceURI === XMLENC_NS);
  // The library decrypts the first EncryptedData it finds; anything else would go unchecked.
  if (data.length !== 1 || allElements(encryptedAssertion).filter((e) => e.localName === "EncryptedData").length !== 1) {
    refuse("wrapped", "The encrypted assertion must hold exactly one EncryptedData");
  }
  let out: string | undefined;
  let failure: unknown;
  xmlenc.decrypt(new XMLSerializer().serializeToString(encryptedAssertion), { key, disallowDecryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false }, (err, result) => {
    failure = err;
    out = result;
  });
  if (failure || !out) refuse("undecryptable", `The encrypted assertion could not be decrypted${failure instanceof Error ? ` (${failure.message})` : ""}`);
  if (/<!DOCTYPE/i.test(out!)) refuse("malformed", "The decrypted assertion must not contain a DOCTYPE");
  return out!;
}

/** Signatures only where SAML puts them: at most one, as a direct child of each allowed parent. */
function checkSignaturePlacement(scope: Element, parents: Element[]) {
  const signatures = allElements(scope).filter((e) => e.localName === "Signature");
  for (const s of signatures) {
    if (s.namespaceURI !== DSIG_NS || !parents.includes(s.parentNode as Element)) refuse("wrapped", "A signature is in a place SAML does not put one");
  }
  for (const p of parents) if (childrenNS(p, DSIG_NS, "Signature").length > 1) refuse("wrapped", "An element carries more than one signature");
}

function idsOf(scope: Element): Set<string> {
  const ids = new Set<string>();
  for (const e of allElements(scope)) for (const a of ID_ATTRIBUTES) if (e.hasAttribute(a)) ids.add(e.getAttribute(a)!);
  return ids;
}

/** A signature reference must find one element, never pick between copies. */
function checkUniqueIds(scope: Element, seen: Set<string>) {
  for (const e of allElements(scope)) {
    for (const a of ID_ATTRIBUTES) {
      if (!e.hasAttribute(a)) continue;
      const id = e.getAttribute(a)!;
      if (seen.has(id)) refuse("wrapped", `The ID ${id} is used more than once`);
      seen.add(id);
    }
  }
}

function parseTime(raw: string | null): Date | null {
  if (!raw) return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

const text = (e: Element | undefined) => (e?.textContent ?? "").trim();

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

export function childrenNS(el: Element, ns: string, local: string): Element[] {
  return elementChildren(el).filter((c) => c.localName === local && c.namespaceURI === ns);
}

/** `scope` and every element below it, in document order. */
function allElements(scope: Element): Element[] {
  return [scope, ...Array.from(scope.getElementsByTagName("*"))];
}
