import http from "node:http";
import { expect, test } from "@playwright/test";
import { createTestTeam } from "./helpers";

// What only a real server shows: requests Next.js would answer itself before any route handler
// (TRACE was a 500, WebDAV methods an empty 400, an undecodable path a 500, the bare base URL an
// HTML 404) get SCIM error bodies from the request guard (lib/scim-server/request-guard.ts).
// Raw node:http, so any method and any request-target can be sent as written.

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: string };

function raw(baseURL: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Raw> {
  const url = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function expectScimError(res: Raw, status: number) {
  expect(res.status, res.body).toBe(status);
  expect(res.headers["content-type"]).toContain("application/scim+json");
  const body = JSON.parse(res.body);
  expect(body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  expect(body.status).toBe(String(status));
}

test("@scim TRACE and WebDAV methods on SCIM paths are SCIM 405s with Allow", async ({ request, baseURL }) => {
  const team = await createTestTeam(request, { scimToken: true });
  const auth = { Authorization: `Bearer ${team.scimToken}` };
  for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK"]) {
    const users = await raw(baseURL!, method, "/api/scim/v2/Users", auth);
    expectScimError(users, 405);
    expect(users.headers.allow).toBe("GET, POST");
    const schemas = await raw(baseURL!, method, "/api/scim/v2/Schemas", auth);
    expectScimError(schemas, 405);
    expect(schemas.headers.allow).toBe("GET");
  }
});

test("@scim discovery endpoints, the bare base URL and odd paths answer in the SCIM format", async ({ request, baseURL }) => {
  const team = await createTestTeam(request, { scimToken: true });
  const auth = { Authorization: `Bearer ${team.scimToken}` };
  const post = await raw(baseURL!, "POST", "/api/scim/v2/ServiceProviderConfig", { ...auth, "Content-Type": "application/scim+json" });
  expectScimError(post, 405);
  expect(post.headers.allow).toBe("GET");
  expectScimError(await raw(baseURL!, "GET", "/api/scim/v2", auth), 404);
  expectScimError(await raw(baseURL!, "GET", "/api/scim/v2/Schemas/%25", auth), 404);
  expectScimError(await raw(baseURL!, "GET", "/api/scim/v2/Users/%E0%A4%A", auth), 400);
  expectScimError(await raw(baseURL!, "GET", "/api/scim/v2/Users/%00", auth), 400);
  // Pages outside the SCIM API are not touched by the guard.
  expect((await raw(baseURL!, "GET", "/login")).status).toBe(200);
});

test("@scim a base URL entered with a trailing slash works: //Users and a trailing slash reach the same resources", async ({ request, baseURL }) => {
  // IdPs join base URL and "/Users" as strings; Okta's on-premises docs ask for a base URL ending in "/".
  const team = await createTestTeam(request, { scimToken: true });
  const auth = { Authorization: `Bearer ${team.scimToken}`, "Content-Type": "application/scim+json" };
  const userName = `slash.${crypto.randomUUID().slice(0, 8)}@trailing-slash.test`;
  const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, emails: [{ value: userName, primary: true }], active: true };
  const created = await raw(baseURL!, "POST", "/api/scim/v2//Users", auth, JSON.stringify(user));
  expect(created.status, created.body).toBe(201);
  const id = JSON.parse(created.body).id as string;
  const found = await raw(baseURL!, "GET", `/api/scim/v2//Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, auth);
  expect(found.status, found.body).toBe(200);
  expect(JSON.parse(found.body).Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  const patch = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] };
  const patched = await raw(baseURL!, "PATCH", `/api/scim/v2//Users/${id}/`, auth, JSON.stringify(patch));
  expect(patched.status, patched.body).toBe(200);
  expect(JSON.parse(patched.body).active).toBe(false);
  expect((await raw(baseURL!, "GET", "/api/scim/v2//ServiceProviderConfig/", auth)).status).toBe(200);
});
