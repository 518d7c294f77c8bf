import { expect, test, type Page } from "@playwright/test";
import { createTestTeam, type TestTeam } from "./helpers";

// callbackUrl is the visitor's to choose: whatever it says, signing in ends on this site.
// Each payload is one a browser reads as another host (or a script) if passed through as-is.
const PAYLOADS: { name: string; query: string }[] = [
  // The three from the report, exactly as sent: %09, %0A, %0D%0A between the slashes.
  { name: "tab", query: "%2F%09%2Fevil.test%2F" },
  { name: "newline", query: "%2F%0A%2Fevil.test%2F" },
  { name: "CRLF", query: "%2F%0D%0A%2Fevil.test%2F" },
  ...[
    "https://evil.test/",
    "//evil.test/",
    "///evil.test/",
    "/\\evil.test/",
    "\\\\evil.test/",
    "/\\/evil.test/",
    "\t//evil.test/",
    " //evil.test/",
    "http:evil.test",
    "https:/\\evil.test",
    "http://evil.test\\@127.0.0.1/",
    "javascript:alert(document.domain)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
  ].map((value) => ({ name: JSON.stringify(value), query: encodeURIComponent(value) })),
];

let team: TestTeam;
test.beforeAll(async ({ request }) => {
  team = await createTestTeam(request);
});

test.beforeEach(async ({ context }) => {
  // Should anything get through, the "other site" answers at once instead of a DNS failure.
  await context.route((url) => url.hostname === "evil.test", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }));
});

// Signed in, the browser leaves /login for a page of this site ("http:evil.test" is, to a
// browser on http, the relative path /evil.test: a 404 here, which is fine).
async function expectOnThisSite(page: Page, baseURL: string | undefined) {
  await page.waitForURL((url) => url.pathname !== "/login");
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
}

for (const payload of PAYLOADS) {
  test(`signing in with callbackUrl ${payload.name} stays on this site`, async ({ page, baseURL }) => {
    let dialog = false;
    page.on("dialog", (d) => {
      dialog = true;
      void d.dismiss();
    });
    await page.goto(`/login?callbackUrl=${payload.query}`);
    await page.getByLabel("Email").fill(team.owner.email);
    await page.getByLabel("Password").fill(team.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectOnThisSite(page, baseURL);

    // Already signed in, the sign-in page redirects on the server: the same rule holds there.
    await page.goto(`/login?callbackUrl=${payload.query}`);
    await expectOnThisSite(page, baseURL);
    expect(dialog, "no script ran").toBe(false);
  });
}

test("a path on this site is kept", async ({ page }) => {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(`/teams/${team.slug}/audit`)}`);
  await page.getByLabel("Email").fill(team.owner.email);
  await page.getByLabel("Password").fill(team.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/audit$`));
});
