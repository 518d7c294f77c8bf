import { it } from "node:test";
import assert from "node:assert/strict";
import { asJacksonReadsIt } from "./connections";

// jackson's own pass over the metadata text (@boxyhq/saml20 parseMetadata).
const jacksonPass = (xml: string) => xml.replace(/errorURL=".*?"/g, "");

it("cuts errorURL up to the next quote, as jackson does, across markup too", () => {
  assert.equal(asJacksonReadsIt(`<IDPSSODescriptor errorURL="https://x.test/?a=1&b=2" x="1"/>`), `<IDPSSODescriptor  x="1"/>`);
  assert.equal(asJacksonReadsIt(`<E>errorURL="<!--"</E><K/><E>--></E>`), `<E></E><K/><E>--></E>`);
});

it("leaves nothing for jackson's own pass to cut, even where a cut makes a new errorURL", () => {
  for (const xml of [`<a b='errorURerrorURL="x"L="y"'/>`, `errorURerrorURerrorURL="1"L="2"L="3"`, `<a/>`]) {
    const ours = asJacksonReadsIt(xml);
    assert.equal(jacksonPass(ours), ours, xml);
  }
});
