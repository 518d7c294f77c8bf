import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_ATTRIBUTES_PER_ELEMENT, MAX_DEPTH, MAX_ELEMENTS, parseXmlRoot, xmlShapeProblem, XmlParseError } from "./xml";

const attrs = (n: number, prefix = "a") => Array.from({ length: n }, (_, i) => ` ${prefix}${i}="v${i}"`).join("");
const refused = (xml: string, reason: RegExp) => assert.throws(() => parseXmlRoot(xml), (e: unknown) => e instanceof XmlParseError && reason.test(e.message));

// Shapes @xmldom parses in quadratic time, which one unauthenticated POST to the ACS could send
// (found by review): refused before parsing. A test of each with the check removed takes seconds
// to minutes, or runs out of memory.
describe("parseXmlRoot's shape bounds", () => {
  it("refuses a start tag with more attributes than any SAML element has, however they are written", () => {
    refused(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"${attrs(88_000)} ID="_r1"/>`, /more than 128 attributes/);
    refused(`<r${attrs(MAX_ATTRIBUTES_PER_ELEMENT + 1, "xmlns:p")}/>`, /more than 128 attributes/);
    // Valueless attributes, and values without "=": warnings to the parser, attributes all the same.
    refused(`<r${Array.from({ length: 80_000 }, (_, i) => ` a${i}`).join("")}/>`, /more than 128 attributes/);
    refused(`<r${Array.from({ length: 80_000 }, (_, i) => ` a${i}"v"`).join("")}/>`, /more than 128 attributes/);
    refused(`<r${Array.from({ length: 1_000 }, (_, i) => `a${i}="v"`).join("")}/>`, /more than 128 attributes/);
  });

  // Found by the next review: sax.js separates attributes by any character up to U+0020 (and
  // U+0080), and ends an unquoted value at a quote, where the scan saw an opening one.
  it("reads separators and quotes as the parser does, and refuses what the parser only tolerates", () => {
    refused(`<r${Array.from({ length: 80_000 }, (_, i) => `\x0ba${i}`).join("")}/>`, /more than 128 attributes/);
    refused(`<r${Array.from({ length: 80_000 }, (_, i) => `\u0080a${i}`).join("")}/>`, /more than 128 attributes/);
    const names = Array.from({ length: 40_000 }, (_, i) => ` a${i}`).join("");
    refused(`<samlp:Response xmlns:samlp="urn:p" a=x"${names} b=y"/>`, /quot/);
    const nested = Array.from({ length: 8_000 }, (_, i) => `<e xmlns:p${i}='u'>`).join("") + "</e>".repeat(8_000);
    refused(`<samlp:Response xmlns:samlp="urn:p" a=x">${nested}"</samlp:Response>`, /quot/);
    refused(`<r a="1"b="2"/>`, /space is required/);
    refused(`<r a/>`, /missed value/);
    assert.equal(parseXmlRoot(`<r a="1"\tb="2"\nc='3'/>`).attributes.length, 3);
  });

  it("refuses more elements than a response listing thousands of groups has", () => {
    refused(`<r>${"<a/>".repeat(MAX_ELEMENTS)}</r>`, /more than 10000 elements/);
    assert.equal(parseXmlRoot(`<r>${"<a/>".repeat(MAX_ELEMENTS - 1)}</r>`).childNodes.length, MAX_ELEMENTS - 1);
  });

  it("refuses nested elements that each declare namespaces, and nesting deeper than anything real", () => {
    const nested = (depth: number) => `${Array.from({ length: depth }, (_, i) => `<e xmlns:p${i}="urn:x">`).join("")}${"</e>".repeat(depth)}`;
    refused(nested(8_000), /nested more than 128 deep/);
    // Within the depth bound, many prefixes in scope copied by many siblings.
    // Within the depth bound: 128 prefixes in scope, copied by each of 4,000 siblings declaring one.
    const wide = `<r${attrs(MAX_ATTRIBUTES_PER_ELEMENT, "xmlns:p")}>${'<e xmlns:s="urn:s"/>'.repeat(4_000)}</r>`;
    assert.equal(xmlShapeProblem(wide), "too many namespace declarations in nested elements");
    refused(`${"<e>".repeat(MAX_DEPTH + 1)}${"</e>".repeat(MAX_DEPTH + 1)}`, /nested more than 128 deep/);
  });

  it("parses what real responses and metadata look like, and does not count what is not an attribute", () => {
    assert.equal(parseXmlRoot(`<r${attrs(MAX_ATTRIBUTES_PER_ELEMENT)}/>`).attributes.length, MAX_ATTRIBUTES_PER_ELEMENT);
    // An IdP declaring xs and xsi on each of 2,000 attribute values (Okta does, per value).
    const values = Array.from({ length: 2_000 }, (_, i) => `<saml2:AttributeValue xmlns:xs="urn:xs" xmlns:xsi="urn:xsi" xsi:type="xs:string">g${i}</saml2:AttributeValue>`).join("");
    const response = `<samlp:Response xmlns:samlp="urn:p" xmlns:saml2="urn:a"><saml2:Assertion><saml2:AttributeStatement><saml2:Attribute Name="groups">${values}</saml2:Attribute></saml2:AttributeStatement></saml2:Assertion></samlp:Response>`;
    assert.equal(xmlShapeProblem(response), null);
    assert.equal(parseXmlRoot(response).localName, "Response");
    assert.equal(parseXmlRoot(`${"<e>".repeat(MAX_DEPTH)}${"</e>".repeat(MAX_DEPTH)}`).localName, "e");
    // "=" and spaces in values, text, comments, CDATA and processing instructions are not attributes.
    const many = "= x ".repeat(2 * MAX_ATTRIBUTES_PER_ELEMENT);
    const xml = `<?xml version="1.0"?><?pi ${many}?><r a="${many}" b='${many}>'><!-- <x ${attrs(300)}> --><![CDATA[<y ${attrs(300)}>]]>${"a=b ".repeat(300)}<c d="1"/></r>`;
    assert.equal(xmlShapeProblem(xml), null);
    assert.equal(parseXmlRoot(xml).getAttribute("b"), `${many}>`);
  });
});
