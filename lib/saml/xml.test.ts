import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_ATTRIBUTES_PER_ELEMENT, parseXmlRoot, tooManyAttributes, XmlParseError } from "./xml";

const attrs = (n: number, prefix = "a") => Array.from({ length: n }, (_, i) => ` ${prefix}${i}="v${i}"`).join("");

describe("parseXmlRoot's attribute bound", () => {
  it("refuses a start tag with more attributes than any SAML element has, before parsing it", () => {
    // 88,000 attributes: what held the event loop for 17 s inside the parser.
    const bomb = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"${attrs(88_000)} ID="_r1"/>`;
    assert.throws(() => parseXmlRoot(bomb), (e: unknown) => e instanceof XmlParseError && /more than 256 attributes/.test(e.message));
    const namespaces = `<r${attrs(MAX_ATTRIBUTES_PER_ELEMENT + 1, "xmlns:p")}/>`;
    assert.throws(() => parseXmlRoot(namespaces), XmlParseError);
  });

  it("parses elements up to the bound, and does not count what is not an attribute", () => {
    assert.equal(parseXmlRoot(`<r${attrs(MAX_ATTRIBUTES_PER_ELEMENT)}/>`).attributes.length, MAX_ATTRIBUTES_PER_ELEMENT);
    // "=" in values, text, comments, CDATA and processing instructions is not an attribute.
    const many = "=".repeat(5 * MAX_ATTRIBUTES_PER_ELEMENT);
    const xml = `<?xml version="1.0"?><?pi ${many}?><r a="${many}" b='${many}>'><!-- <x ${attrs(300)}> --><![CDATA[<y ${attrs(300)}>]]>${"a=b ".repeat(300)}<c d="1"/></r>`;
    assert.equal(tooManyAttributes(xml), false);
    assert.equal(parseXmlRoot(xml).getAttribute("b"), `${many}>`);
  });

  it("counts every start tag on its own", () => {
    const xml = `<r>${Array.from({ length: 50 }, () => `<e${attrs(200)}/>`).join("")}</r>`;
    assert.equal(tooManyAttributes(xml), false);
    assert.equal(tooManyAttributes(`<r><e${attrs(10)}/><e${attrs(MAX_ATTRIBUTES_PER_ELEMENT + 1)}/></r>`), true);
  });
});
