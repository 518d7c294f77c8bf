// CPU of describing an import page's exchange for the request log (lib/scim-server/describe-request.ts):
// from the answer's text (parsed back) against from the value it was written from (respond.ts keeps it).
//   node --import tsx bench/describe-page.ts [--n=3000]
import { arg } from "./lib";
import { describeScimRequest, type ScimExchange } from "../lib/scim-server/describe-request";

const N = Number(arg("n", "3000"));
// A page as the Users listing writes it: 100 members of the shape a SCIM create keeps.
const user = (i: number) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  id: `0b7e1c1e-0000-4000-8000-${String(i).padStart(12, "0")}`,
  externalId: `00u${i}abcdef`,
  userName: `user${i}@bench.test`,
  name: { givenName: `Given${i}`, familyName: `Family${i}`, formatted: `Given${i} Family${i}` },
  displayName: `Given${i} Family${i}`,
  emails: [{ value: `user${i}@bench.test`, type: "work", primary: true }],
  active: true,
  groups: [],
  roles: [{ value: "member", primary: true }],
  meta: { resourceType: "User", created: new Date(0).toISOString(), lastModified: new Date(0).toISOString(), location: `https://gatehouse.test/api/scim/v2/Users/${i}`, version: 'W/"3"' },
});
const page = { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 10_000, startIndex: 1, itemsPerPage: 100, Resources: Array.from({ length: 100 }, (_, i) => user(i)) };
const text = JSON.stringify(page);
const exchange = (response: ScimExchange["response"]): ScimExchange => ({
  teamId: "team", token: { id: "token", name: "Okta", prefix: "ghscim_x" }, authProblem: null, method: "GET",
  url: new URL("http://localhost/api/scim/v2/Users?startIndex=1&count=100"), status: 200, durationMs: 1, userAgent: "Okta", requestBody: null, response,
});
const ways = { "from its text": () => ({ knownText: text }), "from its value": () => ({ knownText: text, knownValue: page }) };
console.log(`an import page of 100 members, ${text.length} characters; ${N} describes each way, three rounds`);
for (let round = 1; round <= 3; round++) {
  for (const [label, answer] of Object.entries(ways)) {
    for (let i = 0; i < N / 5; i++) await describeScimRequest(exchange(answer()));
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await describeScimRequest(exchange(answer()));
    const cpu = process.cpuUsage(cpu0);
    console.log(`  round ${round}, ${label}: ${((cpu.user + cpu.system) / N).toFixed(1)} µs of CPU a page`);
  }
}
