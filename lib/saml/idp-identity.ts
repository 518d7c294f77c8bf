// Who a connection's IdP is: for SAML its entity ID, the certificates responses must be signed
// with and where people are sent to sign in; for OIDC the provider, client ID and secret. An edit
// that changes any of these makes the connection's last test sign-in prove nothing (pure). For SAML
// the metadata URL counts too: the daily refresh takes whatever certificate it serves.
import type { Element } from "@xmldom/xmldom";
import { parseXmlRoot } from "./xml";

export type SamlIdentity = { entityId: string; certificates: string[]; ssoUrls: { post: string | null; redirect: string | null } };
export type OidcIdentity = { discoveryUrl: string; clientId: string; clientSecret: string };
export type IdpChange = "entity_id" | "certificate" | "sso_url" | "metadata_url" | "discovery_url" | "client_id" | "client_secret";

/** A certificate as base64 DER, whatever armour and line breaks it came with. */
const certBody = (c: string) => c.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
const certSet = (certs: string[]) => [...new Set(certs.map(certBody).filter(Boolean))].sort();

const children = (el: Element, localName: string): Element[] =>
  Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === localName);

/**
 * Read from metadata as jackson (@boxyhq/saml20) reads it: the root's entityID; per IdP
 * descriptor, each KeyDescriptor's first X509Certificate, those marked use="signing", or all of
 * them when none is; the last HTTP-POST and HTTP-Redirect SingleSignOnService.
 */
export function samlIdentityFromMetadata(xml: string): SamlIdentity {
  const root = parseXmlRoot(xml);
  const signing: string[] = [];
  const other: string[] = [];
  const ssoUrls: SamlIdentity["ssoUrls"] = { post: null, redirect: null };
  for (const descriptor of children(root, "IDPSSODescriptor")) {
    for (const key of children(descriptor, "KeyDescriptor")) {
      const [info] = children(key, "KeyInfo");
      const [data] = info ? children(info, "X509Data") : [];
      const [cert] = data ? children(data, "X509Certificate") : [];
      if (!cert?.textContent) continue;
      (key.getAttribute("use") === "signing" ? signing : other).push(cert.textContent);
    }
    for (const service of children(descriptor, "SingleSignOnService")) {
      const binding = service.getAttribute("Binding") ?? "";
      if (binding.endsWith("HTTP-POST")) ssoUrls.post = service.getAttribute("Location");
      else if (binding.endsWith("HTTP-Redirect")) ssoUrls.redirect = service.getAttribute("Location");
    }
  }
  return { entityId: root.getAttribute("entityID") ?? "", certificates: certSet(signing.length > 0 ? signing : other), ssoUrls };
}

/** The same, from what jackson stored (its publicKey is the certificates joined with commas). */
export function samlIdentityOfRecord(m: { entityID: string; publicKey?: string; sso: { postUrl?: string; redirectUrl?: string } }): SamlIdentity {
  return {
    entityId: m.entityID,
    certificates: certSet((m.publicKey ?? "").split(",")),
    ssoUrls: { post: m.sso.postUrl ?? null, redirect: m.sso.redirectUrl ?? null },
  };
}

export function samlChanges(before: SamlIdentity, after: SamlIdentity): IdpChange[] {
  const changes: IdpChange[] = [];
  if (before.entityId !== after.entityId) changes.push("entity_id");
  if (before.certificates.join() !== after.certificates.join()) changes.push("certificate");
  if (before.ssoUrls.post !== after.ssoUrls.post || before.ssoUrls.redirect !== after.ssoUrls.redirect) changes.push("sso_url");
  return changes;
}

export function oidcChanges(before: OidcIdentity, after: OidcIdentity): IdpChange[] {
  const changes: IdpChange[] = [];
  if (before.discoveryUrl !== after.discoveryUrl) changes.push("discovery_url");
  if (before.clientId !== after.clientId) changes.push("client_id");
  if (before.clientSecret !== after.clientSecret) changes.push("client_secret");
  return changes;
}
