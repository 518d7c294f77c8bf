// Strict XML parsing for untrusted SAML input (responses, pasted metadata).
import { DOMParser, type Element } from "@xmldom/xmldom";

export class XmlParseError extends Error {}

type ParserOptions = { onError: (level: "warning" | "error" | "fatalError", message: string) => void };

/** The document element, or XmlParseError on anything that is not well-formed (warnings aside). */
export function parseXmlRoot(text: string): Element {
  const options: ParserOptions = {
    onError: (level, message) => {
      if (level !== "warning") throw new XmlParseError(message);
    },
  };
  try {
    // Cast: samlify's older @xmldom typings (0.8) are ambient too and hide this 0.9 option.
    const doc = new DOMParser(options as never).parseFromString(text, "text/xml");
    if (!doc.documentElement) throw new XmlParseError("empty document");
    return doc.documentElement;
  } catch (e) {
    throw e instanceof XmlParseError ? e : new XmlParseError(e instanceof Error ? e.message : String(e));
  }
}
