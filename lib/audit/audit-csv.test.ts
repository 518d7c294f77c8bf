import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { csvCell } from "../csv/csv";
import { AUDIT_CSV_HEADER, auditCsvLine } from "./audit-csv";

describe("audit CSV", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    assert.equal(csvCell("plain"), "plain");
    assert.equal(csvCell("a,b"), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell("two\nlines"), '"two\nlines"');
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    assert.equal(csvCell("=HYPERLINK(\"http://evil\")"), '"\'=HYPERLINK(""http://evil"")"');
    assert.equal(csvCell("+1"), "'+1");
    assert.equal(csvCell("-2+3"), "'-2+3");
    assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvCell("\t=1"), "'\t=1");
    assert.equal(csvCell("a=1"), "a=1");
  });

  it("writes one line per event with the sentence, labels and raw details", () => {
    assert.equal(AUDIT_CSV_HEADER, "Time (UTC),Event,Actor,Actor type,Action,Target,Target type,Details (JSON)\r\n");
    const line = auditCsvLine({
      createdAt: new Date("2026-12-03T19:04:23.123Z"),
      action: "member.role_changed",
      actorType: "user",
      actorLabel: "ada@acme.test",
      targetType: "member",
      targetId: "m-1",
      targetLabel: "=cmd@evil.test",
      details: { from: "ADMIN", to: "MEMBER" },
    });
    assert.equal(
      line,
      "2026-12-03T19:04:23.123Z,ada@acme.test changed =cmd@evil.test’s role from Admin to Member.,ada@acme.test,user,member.role_changed,'=cmd@evil.test,member,\"{\"\"from\"\":\"\"ADMIN\"\",\"\"to\"\":\"\"MEMBER\"\"}\"\r\n",
    );
  });
});
