// Strict XML parsing for untrusted SAML input (responses, pasted metadata).
import { DOMParser, type Element } from "@xmldom/xmldom";

export class XmlParseError extends Error {}

type ParserOptions = { onError: (level: "warning" | "error" | "fatalError", message: string) => void };

// Shapes no SAML response or metadata has, refused before parsing in one linear pass, because
// @xmldom/xmldom's cost for them is quadratic and an unauthenticated POST to the ACS (up to 1 MB)
// reaches the parser before anything knows who sent it (found by review):
// - many attributes on one element: each is added after a search through those already added
//   (88,000 held the event loop for 17 s; valueless ones, `<r a b c …>`, are warnings to the parser
//   and counted all the same);
// - nested elements each declaring a namespace: each copies every prefix in scope (8,000 levels
//   took 16 s, 16,000 ran the process out of memory);
// - very deep nesting, which nothing real needs;
// - very many elements: a response with a made-up signature is parsed again and searched three
//   times over by xml-crypto, per certificate tried, before its SignatureValue is checked (180,000
//   elements took 8 s a certificate).
// No maintained parser we could swap in bounds these, so the input is refused first. The scan
// reads tags as sax.js does where it matters (any character up to U+0020, and U+0080, separate
// attributes); what sax.js only tolerates with a warning (an attribute without a value or quotes,
// attributes run together) is refused by parseXmlRoot, at the first one.
export const MAX_ATTRIBUTES_PER_ELEMENT = 128;
export const MAX_DEPTH = 128;
/** Prefixes copied in all: for each element declaring namespaces, those in scope there. */
export const MAX_NAMESPACE_COPIES = 500_000;
/** An Okta response listing 5,000 groups, one AttributeValue each, has about 5,050. */
export const MAX_ELEMENTS = 10_000;

// As sax.js reads a start tag: every character up to U+0020, and U+0080, separates.
const isSpace = (c: string) => c <= " " || c === "\u0080";

/** Why `text` is refused before parsing (one of the shapes above), or null. Linear in its length. */
export function xmlShapeProblem(text: string): string | null {
  const n = text.length;
  // Namespace declarations in scope, per open element (counted, not deduplicated: an upper bound).
  const scopes: number[] = [0];
  let copies = 0;
  let elements = 0;
  let i = 0;
  while (i < n) {
    const open = text.indexOf("<", i);
    if (open < 0) return null;
    const next = text[open + 1];
    // Comments, CDATA, declarations and processing instructions carry no attributes: skipped whole.
    if (text.startsWith("<!--", open)) i = end(text, "-->", open + 4);
    else if (text.startsWith("<![CDATA[", open)) i = end(text, "]]>", open + 9);
    else if (next === "?") i = end(text, "?>", open + 2);
    else if (next === "!") i = end(text, ">", open + 2);
    else if (next === "/") {
      if (scopes.length > 1) scopes.pop();
      i = end(text, ">", open + 2);
    } else {
      // A start tag: its name, then attributes, each a name after a space or a closing quote
      // (with or without "=" and a value).
      if (++elements > MAX_ELEMENTS) return `the document has more than ${MAX_ELEMENTS} elements`;
      let attributes = 0;
      let declarations = 0;
      let quote = "";
      let separated = false;
      let name = "";
      let inName = false;
      let selfClosing = false;
      for (i = open + 1; i < n; i++) {
        const c = text[i]!;
        if (quote) {
          if (c === quote) {
            quote = "";
            separated = true;
          }
          continue;
        }
        if (inName && (isSpace(c) || c === "=" || c === ">" || c === "/" || c === '"' || c === "'")) {
          inName = false;
          if (name === "xmlns" || name.startsWith("xmlns:")) declarations++;
        }
        if (c === ">") break;
        if (isSpace(c)) separated = true;
        else if (c === '"' || c === "'") quote = c;
        else if (c === "=") separated = false;
        else if (c === "/") selfClosing = text[i + 1] === ">";
        else if (separated) {
          separated = false;
          if (++attributes > MAX_ATTRIBUTES_PER_ELEMENT) return `an element has more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes`;
          inName = true;
          name = c;
        } else if (inName && name.length < 6) name += c; // enough to tell "xmlns" and "xmlns:"
      }
      i++;
      const inScope = scopes[scopes.length - 1]! + declarations;
      if (declarations > 0 && (copies += inScope) > MAX_NAMESPACE_COPIES) return "too many namespace declarations in nested elements";
      if (!selfClosing) {
        scopes.push(inScope);
        if (scopes.length - 1 > MAX_DEPTH) return `elements are nested more than ${MAX_DEPTH} deep`;
      }
    }
  }
  return null;
}

const end = (text: string, marker: string, from: number) => {
  const at = text.indexOf(marker, from);
  return at < 0 ? text.length : at + marker.length;
};

/** The document element, or XmlParseError on anything that is not well-formed (warnings aside). */
export function parseXmlRoot(text: string): Element {
  const problem = xmlShapeProblem(text);
  if (problem) throw new XmlParseError(problem);
  const options: ParserOptions = {
    onError: (level, message) => {
      // Warnings are what sax.js tolerates in a tag (a valueless or unquoted attribute, two run
      // together): never in real SAML, and where its reading and the scan's part. A replaced
      // character (bad source encoding) is only a warning.
      if (level !== "warning" || !/replacement character/i.test(message)) throw new XmlParseError(message);
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
