import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("leaves plain values alone and empties null", () => {
    assert.equal(csvCell("ada@example.com"), "ada@example.com");
    assert.equal(csvCell(null), "");
    assert.equal(csvCell(undefined), "");
    assert.equal(csvCell(42), "42");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    assert.equal(csvCell("Hopper, Grace"), '"Hopper, Grace"');
    assert.equal(csvCell('Ada "the first" L'), '"Ada ""the first"" L"');
    assert.equal(csvCell("two\nlines"), '"two\nlines"');
  });

  it("defuses cells a spreadsheet would run as a formula: = + - @ tab CR", () => {
    assert.equal(csvCell("=HYPERLINK(\"http://evil\",\"x\")"), "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    assert.equal(csvCell("+1 555"), "'+1 555");
    assert.equal(csvCell("-2+3"), "'-2+3");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("\t=1"), "'\t=1");
    assert.equal(csvCell("a=b"), "a=b");
    // After leading spaces too: SCIM keeps a name as sent, and some spreadsheets skip them.
    assert.equal(csvCell("  =HYPERLINK(1)"), "'  =HYPERLINK(1)");
    assert.equal(csvCell("\u00a0+1"), "'\u00a0+1");
  });
});

describe("csvRow", () => {
  it("joins cells and ends in CRLF", () => {
    assert.equal(csvRow(["a", "b,c", null]), 'a,"b,c",\r\n');
  });
});
