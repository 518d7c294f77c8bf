// Strict XML parsing for untrusted SAML input (responses, pasted metadata).
import { DOMParser, type Element } from "@xmldom/xmldom";

export class XmlParseError extends Error {}

type ParserOptions = { onError: (level: "warning" | "error" | "fatalError", message: string) => void };

// No element of a SAML response or of metadata carries more than a handful of attributes. Checked
// before parsing, in one pass: @xmldom/xmldom adds each attribute after a search through those
// already added, so one start tag of 88,000 attributes (a 1 MB POST to the ACS, before anything
// knows who sent it) held the event loop for 17 s (found by review). No maintained parser we
// could swap in bounds this, so the input is refused first.
export const MAX_ATTRIBUTES_PER_ELEMENT = 256;

/** Whether some start tag of `text` has more than MAX_ATTRIBUTES_PER_ELEMENT attributes (namespace declarations included). */
export function tooManyAttributes(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const open = text.indexOf("<", i);
    if (open < 0) return false;
    const next = text[open + 1];
    // Comments, CDATA, declarations and processing instructions carry no attributes: skipped whole.
    if (text.startsWith("<!--", open)) i = end(text, "-->", open + 4);
    else if (text.startsWith("<![CDATA[", open)) i = end(text, "]]>", open + 9);
    else if (next === "?") i = end(text, "?>", open + 2);
    else if (next === "!" || next === "/") i = end(text, ">", open + 2);
    else {
      // A start tag: each attribute has one "=" outside the quoted values.
      let count = 0;
      let quote = "";
      for (i = open + 1; i < n; i++) {
        const c = text[i];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === "=" && ++count > MAX_ATTRIBUTES_PER_ELEMENT) return true;
        else if (c === ">") break;
      }
      i++;
    }
  }
  return false;
}

const end = (text: string, marker: string, from: number) => {
  const at = text.indexOf(marker, from);
  return at < 0 ? text.length : at + marker.length;
};

/** The document element, or XmlParseError on anything that is not well-formed (warnings aside). */
export function parseXmlRoot(text: string): Element {
  if (tooManyAttributes(text)) throw new XmlParseError(`an element has more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes`);
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
