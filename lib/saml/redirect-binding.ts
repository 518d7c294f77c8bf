// SAML HTTP-Redirect binding for our AuthnRequests (saml-bindings §3.4.4.1). jackson signs the
// request XML itself, which is how the POST binding carries a signature; over a redirect the
// signature must travel in the SigAlg and Signature query parameters, computed over the
// URL-encoded `SAMLRequest=…&RelayState=…&SigAlg=…`, and the XML must not carry one.
// Pure: no I/O (node:crypto and zlib only).
import crypto from "node:crypto";
import zlib from "node:zlib";
import { XMLSerializer } from "@xmldom/xmldom";
import { parseXmlRoot } from "./xml";

export const SIG_ALG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

/** `redirectUrl` (the IdP SSO URL with SAMLRequest and RelayState) re-signed for the redirect binding. */
export function signRedirectBinding(redirectUrl: string, privateKey: string): string {
  const url = new URL(redirectUrl);
  const samlRequest = url.searchParams.get("SAMLRequest");
  if (!samlRequest) return redirectUrl;
  const relayState = url.searchParams.get("RelayState");

  const root = parseXmlRoot(zlib.inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8"));
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && n.localName === "Signature" && n.namespaceURI === DSIG_NS) {
      root.removeChild(n);
      break;
    }
  }
  const request = zlib.deflateRawSync(Buffer.from(new XMLSerializer().serializeToString(root), "utf8")).toString("base64");

  // The signed string is exactly the query we send, parameters in the order the binding fixes.
  const signed = [
    `SAMLRequest=${encodeURIComponent(request)}`,
    ...(relayState !== null ? [`RelayState=${encodeURIComponent(relayState)}`] : []),
    `SigAlg=${encodeURIComponent(SIG_ALG_RSA_SHA256)}`,
  ].join("&");
  const signature = crypto.sign("sha256", Buffer.from(signed, "utf8"), privateKey).toString("base64");

  url.searchParams.delete("SAMLRequest");
  url.searchParams.delete("RelayState");
  const base = url.toString();
  return `${base}${url.search ? "&" : "?"}${signed}&Signature=${encodeURIComponent(signature)}`;
}

/** The IdP's side, for tests and the test IdP: whether a redirect-binding query is validly signed. */
export function verifyRedirectBinding(rawQuery: string, certificate: string): boolean {
  const parts = rawQuery.replace(/^\?/, "").split("&");
  const pick = (name: string) => parts.find((p) => p.startsWith(`${name}=`));
  const [request, relay, sigAlg, signature] = ["SAMLRequest", "RelayState", "SigAlg", "Signature"].map(pick);
  if (!request || !sigAlg || !signature || decodeURIComponent(sigAlg.slice(7)) !== SIG_ALG_RSA_SHA256) return false;
  const signed = [request, ...(relay ? [relay] : []), sigAlg].join("&");
  return crypto.verify("sha256", Buffer.from(signed, "utf8"), certificate, Buffer.from(decodeURIComponent(signature.slice(10)), "base64"));
}
