import net from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { createTestTeam, signIn } from "./helpers";

// Every page carries a nonce-based Content-Security-Policy that Next's own scripts satisfy: the
// app works (sign-in, client-side navigation, forms) and the browser reports no violation.

async function collectViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(msg.text())) fromConsole.push(msg.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

test("pages send a nonce CSP and the other security headers; a new nonce each time", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);

  const h = first.headers();
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  // Served over http here: no HSTS (it is sent when APP_URL is https).
  expect(h["strict-transport-security"]).toBeUndefined();
});

test("APIs send the security headers too", async ({ request }) => {
  const scim = await request.get("/api/scim/v2/ServiceProviderConfig");
  expect(scim.status()).toBe(401);
  expect(scim.headers()["x-content-type-options"]).toBe("nosniff");
  expect(scim.headers()["x-frame-options"]).toBe("DENY");
  expect(scim.headers()["content-security-policy"]).toContain("default-src 'none'");
  const auth = await request.get("/api/auth/providers");
  expect(auth.headers()["x-content-type-options"]).toBe("nosniff");
  expect(auth.headers()["referrer-policy"]).toBe("same-origin");
});

test("the app works under the policy with no violation: sign-in, team pages, a form, the 404 page", async ({ page, request }) => {
  const violations = await collectViolations(page);
  const team = await createTestTeam(request);
  // Sign-in runs in client-side JavaScript: blocked scripts would leave us on /login.
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  // A client component and a server action: open the SCIM panel, generate a token.
  const section = page.getByRole("region", { name: /domain access & sso/i });
  await section.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  await section.getByLabel("Token name").fill("csp");
  await section.getByRole("button", { name: "Generate token" }).click();
  await expect(section.getByLabel("New token")).toHaveValue(/^ghscim_/);

  // Client-side navigation between team pages.
  await page.getByRole("link", { name: "Audit log" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/audit`));
  await page.goto(`/teams/${team.slug}/sso`);
  await expect(page.getByRole("heading").first()).toBeVisible();
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  expect(await violations()).toEqual([]);
});

/** Sends one raw request line (the way a hostile client can) and returns the response head. */
function rawRequest(host: string, port: number, line: string, hostHeader = `${host}:${port}`): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => socket.write(`${line}\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.on("data", (d) => (data += d.toString("latin1")));
    socket.on("end", () => resolve(data.split("\r\n\r\n")[0]));
    socket.on("error", reject);
  });
}

test("a request line naming another host is refused, never redirected there", async ({ baseURL }) => {
  const { hostname, port } = new URL(baseURL!);
  for (const line of [
    "GET http://evil.test/api/scim/v2/Users/x HTTP/1.1",
    "GET http://evil.test/login HTTP/1.1",
    "GET https://evil.test//login HTTP/1.1",
    `GET http://evil.test:${port}/ HTTP/1.1`,
  ]) {
    const head = await rawRequest(hostname, Number(port), line);
    expect(head, line).toMatch(/^HTTP\/1\.1 421 /);
    expect(head, line).not.toMatch(/evil\.test/i);
  }
  // The app's own origin in absolute form is served as its path.
  expect(await rawRequest(hostname, Number(port), `GET ${baseURL}/login HTTP/1.1`)).toMatch(/^HTTP\/1\.1 200 /);
  // Doubled slashes and a foreign Host header are normalised on this site only.
  for (const [line, host] of [["GET //evil.test/login HTTP/1.1", undefined], ["GET /login/ HTTP/1.1", "evil.test"]] as const) {
    const head = await rawRequest(hostname, Number(port), line, host);
    const location = /^location: (.*)$/im.exec(head)?.[1] ?? "";
    expect(location.startsWith("/") && !location.startsWith("//"), `${line} -> ${location}`).toBe(true);
  }
});
