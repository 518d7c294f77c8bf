// A real SAML 2.0 identity provider for tests: metadata from samlify, responses signed with
// samlify's XML-DSig (RSA-SHA256, exclusive c14n) over XML we lay out ourselves, so a test can
// set exactly what an attacker would vary: audience, lifetime, signing key, issuer, content.
import crypto from "node:crypto";
import zlib from "node:zlib";
import samlify from "samlify";
import type { KeyPair } from "./keys";

const SIG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export type ResponseOptions = {
  acsUrl: string;
  /** The SP entity ID the assertion is addressed to. */
  audience: string;
  inResponseTo?: string;
  email: string;
  /** The subject's NameID (the email by default); SimpleSAMLphp sends a persistent hash here. */
  nameId?: string;
  /** The attribute that carries the email ("email" by default; null: none, e.g. a dialect names it itself). */
  emailAttribute?: string | null;
  attributes?: Record<string, string | string[]>;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Sign with another key than the one in the metadata. */
  signWith?: KeyPair;
  /** Change the XML after signing (a tampered assertion). */
  tamper?: (signedXml: string) => string;
  responseId?: string;
  assertionId?: string;
  /** Which parts carry a signature (both by default). */
  signResponse?: boolean;
  signAssertion?: boolean;
  /** Response Destination and SubjectConfirmationData Recipient (the ACS URL by default; null leaves them out). */
  destination?: string | null;
  recipient?: string | null;
  /** Encrypt the (signed) assertion for this SP certificate (PEM), as an EncryptedAssertion. */
  encryptFor?: string;
  /** When the IdP says it issued the response (now by default). */
  issueInstant?: Date;
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const newId = () => `_${crypto.randomBytes(16).toString("hex")}`;

export class TestIdp {
  constructor(
    readonly entityId: string,
    readonly ssoUrl: string,
    readonly keys: KeyPair,
  ) {}

  metadataXml(): string {
    const idp = samlify.IdentityProvider({
      entityID: this.entityId,
      signingCert: this.keys.cert,
      privateKey: this.keys.privateKey,
      nameIDFormat: [EMAIL_FORMAT],
      singleSignOnService: [{ Binding: BINDING_REDIRECT, Location: this.ssoUrl }],
      singleLogoutService: [{ Binding: BINDING_REDIRECT, Location: `${this.ssoUrl}/logout` }],
    });
    return idp.getMetadata();
  }

  /** ID, ACS URL and issuer of a redirect-binding AuthnRequest (the SAMLRequest query value). */
  static parseAuthnRequest(samlRequest: string): { id: string; acsUrl: string | null; issuer: string | null } {
    const xml = zlib.inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8");
    const id = /\sID="([^"]+)"/.exec(xml)?.[1];
    if (!id) throw new Error("AuthnRequest without ID");
    return {
      id,
      acsUrl: /AssertionConsumerServiceURL="([^"]+)"/.exec(xml)?.[1] ?? null,
      issuer: /<(?:\w+:)?Issuer[^>]*>([^<]+)</.exec(xml)?.[1] ?? null,
    };
  }

  /** A base64 SAMLResponse: by default a signed assertion inside a signed response. */
  buildResponse(o: ResponseOptions): string {
    return Buffer.from(this.buildResponseXml(o), "utf8").toString("base64");
  }

  buildResponseXml(o: ResponseOptions): string {
    const now = o.issueInstant ?? new Date();
    const notBefore = (o.notBefore ?? new Date(now.getTime() - 60_000)).toISOString();
    const notOnOrAfter = (o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
    const issued = now.toISOString();
    const responseId = o.responseId ?? newId();
    const assertionId = o.assertionId ?? newId();
    const irt = o.inResponseTo ? ` InResponseTo="${esc(o.inResponseTo)}"` : "";
    const destination = o.destination === undefined ? o.acsUrl : o.destination;
    const recipient = o.recipient === undefined ? o.acsUrl : o.recipient;
    const emailAttribute = o.emailAttribute === undefined ? "email" : o.emailAttribute;
    const attrs = Object.entries({ ...(emailAttribute && { [emailAttribute]: o.email }), ...o.attributes })
      .map(([name, value]) => {
        const values = (Array.isArray(value) ? value : [value])
          .map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`)
          .join("");
        return `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values}</saml:Attribute>`;
      })
      .join("");
    let assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${assertionId}" Version="2.0" IssueInstant="${issued}">` +
      `<saml:Issuer>${esc(this.entityId)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="${EMAIL_FORMAT}">${esc(o.nameId ?? o.email)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}"${recipient ? ` Recipient="${esc(recipient)}"` : ""}${irt}/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` +
      `</saml:Assertion>`;

    const key = o.signWith ?? this.keys;
    const sign = (xml: string, reference: string, location: string, whole: boolean) =>
      samlify.SamlLib.constructSAMLSignature({
        rawSamlMessage: xml,
        ...(whole ? { isMessageSigned: true } : { referenceTagXPath: reference }),
        privateKey: key.privateKey,
        // samlify wants the certificate body as metadata carries it, without PEM armour.
        signingCert: key.cert.replace(/-----[^-]+-----|\s/g, ""),
        signatureAlgorithm: SIG_RSA_SHA256,
        isBase64Output: false,
        signatureConfig: { prefix: "ds", location: { reference: location, action: "after" } },
      });
    if (o.signAssertion !== false) {
      assertion = sign(assertion, "/*[local-name(.)='Assertion']", "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", false);
    }
    if (o.encryptFor) assertion = `<saml:EncryptedAssertion>${encryptXml(assertion, o.encryptFor)}</saml:EncryptedAssertion>`;
    const response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${responseId}" Version="2.0" IssueInstant="${issued}"${destination ? ` Destination="${esc(destination)}"` : ""}${irt}>` +
      `<saml:Issuer>${esc(this.entityId)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      assertion +
      `</samlp:Response>`;
    let signed = o.signResponse === false ? response : sign(response, "", "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", true);
    if (o.tamper) signed = o.tamper(signed);
    return signed;
  }
}

/**
 * XML Encryption of `xml` for the holder of `certPem`: AES-256-GCM content, the key wrapped with
 * RSA-OAEP (SHA-1 MGF, as most IdPs send it). Written out here, synchronously, from the spec.
 */
function encryptXml(xml: string, certPem: string): string {
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(xml, "utf8"), cipher.final()]);
  const content = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64");
  const wrapped = crypto.publicEncrypt({ key: certPem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, key).toString("base64");
  const certBody = certPem.replace(/-----[^-]+-----|\s/g, "");
  return (
    `<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">` +
    `<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>` +
    `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>` +
    `<xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${wrapped}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${content}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>`
  );
}
