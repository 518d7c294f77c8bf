// The SP metadata IdP admins load: jackson's, with the encryption key IdPs may encrypt assertions
// for (we decrypt them, verify-response.ts), and saying that our AuthnRequests are signed and
// that we want signed assertions (jackson leaves both attributes out).
import { XMLSerializer } from "@xmldom/xmldom";
import { callJackson } from "./errors";
import type { Jackson } from "./open-jackson";
import { parseXmlRoot } from "./xml";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";

export function withSigningFlags(metadataXml: string): string {
  const root = parseXmlRoot(metadataXml);
  const sp = root.getElementsByTagNameNS(METADATA_NS, "SPSSODescriptor")[0];
  if (!sp) throw new Error("SP metadata without an SPSSODescriptor");
  sp.setAttribute("AuthnRequestsSigned", "true");
  sp.setAttribute("WantAssertionsSigned", "true");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

export async function spMetadataXml(jackson: Jackson): Promise<string> {
  const xml = await callJackson("build the SP metadata", () => jackson.spConfig.toXMLMetadata(true));
  return withSigningFlags(xml);
}
