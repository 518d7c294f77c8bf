import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { createTestTeam, signIn, type TestTeam } from "./helpers";

// Every page, as owner, admin and member, at desktop and phone size, with a small team, and the
// pages that list members with a 5,000-member one too: axe-core finds no violation, and no page
// is wider than a 390 px phone.
// Screenshots of each go into the test output. One browser context per (team, role); the page
// list is data, so a new page is one line here.

type Role = "owner" | "admin" | "member";
type PageCheck = {
  name: string;
  path: (slug: string) => string;
  /** Roles that see the page (others get a refusal or a redirect, which is checked too). Default: all. */
  roles?: Role[];
  /** Brings the page into a state worth checking (a dialog open, details shown). */
  open?: (page: Page) => Promise<void>;
  /**
   * Whether the page grows with the team (lists its members), so is checked with the big team
   * too. The others read the same at any size; axe on each takes seconds of CI's 30 minutes.
   */
  growsWithTeam?: boolean;
};

// No trace: recording every step of ~100 page checks made the run several times slower; the
// screenshots below and the printed findings are what a failure needs.
test.use({ trace: "off", screenshot: "off" });

const ALL_ROLES: Role[] = ["owner", "admin", "member"];
const MANAGERS: Role[] = ["owner", "admin"];

export const TEAM_PAGES: PageCheck[] = [
  { name: "manage-team", path: (s) => `/teams/${s}/members`, growsWithTeam: true },
  {
    name: "manage-team-scim-details",
    path: (s) => `/teams/${s}/members`,
    roles: MANAGERS,
    open: async (page) => {
      await page.getByRole("button", { name: "Show SCIMv2 Details" }).click();
      await expect(page.getByRole("button", { name: "Hide SCIMv2 Details" })).toBeVisible();
    },
  },
  {
    name: "manage-team-dialog",
    path: (s) => `/teams/${s}/members`,
    roles: MANAGERS,
    growsWithTeam: true,
    open: async (page) => {
      await page.getByRole("button", { name: /^Manage / }).last().click();
      await expect(page.getByRole("dialog")).toBeVisible();
    },
  },
  { name: "groups", path: (s) => `/teams/${s}/groups` },
  { name: "audit-events", path: (s) => `/teams/${s}/audit` },
  { name: "audit-scim-requests", path: (s) => `/teams/${s}/audit?view=scim`, roles: MANAGERS },
  { name: "sso", path: (s) => `/teams/${s}/sso`, roles: MANAGERS },
  { name: "account", path: () => `/account` },
  { name: "create-team", path: () => `/teams/new` },
  { name: "not-found", path: (s) => `/teams/${s}/no-such-page` },
];

export const PUBLIC_PAGES: PageCheck[] = [
  { name: "sign-in", path: () => "/login" },
  { name: "sign-in-sso", path: () => "/login/sso/idp" },
  { name: "invite-unknown", path: () => "/invite/not-a-real-invitation-link" },
];

const SIZES = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function checkPage(page: Page, testInfo: TestInfo, label: string, check: PageCheck, url: string) {
  // One load per page; both sizes are checked on it (the layout is CSS, a resize re-lays it out).
  await page.setViewportSize(SIZES[0]);
  await page.goto(url);
  if (check.open) {
    await page.waitForLoadState("networkidle");
    await check.open(page);
  }
  for (const size of SIZES) {
    const t0 = Date.now();
    await page.setViewportSize({ width: size.width, height: size.height });
    // On disk in the test's output folder (test-results/…) and attached to the report.
    const file = testInfo.outputPath(`${label}-${check.name}-${size.name}.png`);
    await page.screenshot({ fullPage: true, path: file });
    await testInfo.attach(`${label}-${check.name}-${size.name}`, { path: file, contentType: "image/png" });
    const t1 = Date.now();
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
      // Details of violations only: computing them for every passing node doubled axe's time.
      .options({ resultTypes: ["violations"] })
      .analyze();
    if (process.env.A11Y_TIMINGS) console.log(`${check.name} ${size.name}: screenshot ${t1 - t0} ms, axe ${Date.now() - t1} ms`);
    const found = axe.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}  ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n")}`);
    // Printed as found too, so a long run shows its findings before it ends.
    if (found.length) console.log(`axe on ${url} as ${label} at ${size.name}:\n  ${found.join("\n  ")}`);
    expect.soft(found, `axe on ${url} as ${label} at ${size.name}`).toEqual([]);
    if (size.name === "phone") {
      const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      if (widths.doc > widths.viewport) console.log(`${url} as ${label} is ${widths.doc} px wide on a phone`);
      expect.soft(widths.doc, `${url} as ${label} is ${widths.doc} px wide on a ${widths.viewport} px phone`).toBeLessThanOrEqual(widths.viewport);
    }
  }
}

async function signedIn(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/teams\//, { timeout: 30_000 });
  return { context, page };
}

/** A team with an admin, a member, a deactivated member, a SCIM token, a pushed group and audit events. */
async function populatedTeam(request: Parameters<typeof createTestTeam>[0], baseURL: string, bulkMembers: number) {
  const tag = Math.random().toString(36).slice(2, 8);
  const team = await createTestTeam(request, {
    scimToken: true,
    bulkMembers,
    members: [
      { email: `ada-${tag}@a11y.test`, role: "ADMIN" },
      { email: `sam-${tag}@a11y.test`, role: "MEMBER" },
      { email: `dan-${tag}@a11y.test`, role: "MEMBER", deactivated: true },
      { email: `a-very-long-address-for-wrapping-${tag}@subdomain.example-company.test`, role: "MEMBER" },
    ],
  });
  const scim = { Authorization: `Bearer ${team.scimToken}`, "Content-Type": "application/scim+json" };
  const res = await request.post(`${baseURL}/api/scim/v2/Groups`, {
    headers: scim,
    data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Engineering", externalId: "00g1abcd2EFGH3ijk4x7" },
  });
  expect(res.status()).toBe(201);
  await request.get(`${baseURL}/api/scim/v2/Users?filter=${encodeURIComponent('title eq "x"')}`, { headers: scim });
  return { team, admin: `ada-${tag}@a11y.test`, member: `sam-${tag}@a11y.test` };
}

const teams: { name: string; bulk: number }[] = [
  { name: "5 members", bulk: 0 },
  { name: "5,000 members", bulk: 4995 },
];

for (const t of teams) {
  test.describe(`pages with ${t.name}`, () => {
    let seeded: { team: TestTeam; admin: string; member: string };
    test.beforeAll(async ({ playwright, baseURL }) => {
      const request = await playwright.request.newContext({ baseURL });
      seeded = await populatedTeam(request, baseURL!, t.bulk);
      await request.dispose();
    });

    for (const role of ALL_ROLES) {
      test(`as ${role}: no axe violation, nothing wider than a phone`, async ({ browser }, testInfo) => {
        test.setTimeout(600_000);
        const email = role === "owner" ? seeded.team.owner.email : role === "admin" ? seeded.admin : seeded.member;
        const { context, page } = await signedIn(browser, email, seeded.team.password);
        for (const check of TEAM_PAGES.filter((p) => (p.roles ?? ALL_ROLES).includes(role) && (!t.bulk || p.growsWithTeam))) {
          await checkPage(page, testInfo, `${role}-${t.bulk ? "big" : "small"}`, check, check.path(seeded.team.slug));
        }
        await context.close();
      });
    }
  });
}

test("signed out: no axe violation, nothing wider than a phone", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  for (const check of PUBLIC_PAGES) await checkPage(page, testInfo, "public", check, check.path(""));
});

test("focus stays on a sensible control after each change (Remove included), results are announced, field errors sit by their field", async ({ page, request }) => {
  const team = await createTestTeam(request, { members: [{ email: "focus@a11y.test" }] });
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(/\/members/, { timeout: 30_000 });

  // Save role, then Deactivate: the button pressed keeps focus; the dialog's live message says what happened.
  await page.getByRole("button", { name: "Manage focus@a11y.test" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Role").selectOption("ADMIN");
  await dialog.getByRole("button", { name: "Save role" }).press("Enter");
  await expect(dialog.getByRole("status")).toHaveText("focus@a11y.test is now an admin.");
  await expect(dialog.getByRole("button", { name: "Save role" })).toBeFocused();
  await dialog.getByRole("button", { name: "Deactivate" }).press("Enter");
  await expect(dialog.getByRole("button", { name: "Reactivate" })).toBeFocused();
  await expect(dialog.getByRole("status")).toContainText("deactivated");
  await page.keyboard.press("Escape");

  // Generate token: focus moves to the new secret, selected for copying.
  await page.getByRole("button", { name: "Show SCIMv2 Details" }).click();
  await page.getByLabel("Token name").fill("Rotate me");
  await page.getByRole("button", { name: "Generate token" }).press("Enter");
  await expect(page.getByLabel("New token")).toBeFocused();

  // Revoke: its row keeps no button, so focus goes to the token table; the result is announced.
  await page.getByRole("button", { name: "Revoke token Rotate me" }).click();
  await page.getByRole("button", { name: "Confirm revoking token Rotate me" }).press("Enter");
  await expect(page.getByRole("region", { name: "SCIM tokens" })).toBeFocused();
  await expect(page.locator("#announcer")).toHaveText("Token “Rotate me” revoked. Requests that use it are now refused.");

  // Remove: the row and its dialog go, so focus moves to the members table; the result is announced.
  await page.getByRole("button", { name: "Manage focus@a11y.test" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, remove" }).press("Enter");
  await expect(page.getByRole("region", { name: "Team members" })).toBeFocused();
  await expect(page.locator("#announcer")).toHaveText("focus@a11y.test removed from the team.");
  await expect(page.getByRole("button", { name: "Manage focus@a11y.test" })).toHaveCount(0);

  // A field error: beside the field, tied to it, and the field takes focus.
  await page.getByRole("button", { name: "Add member" }).click();
  const form = page.getByRole("form", { name: "Add a member" });
  const email = form.getByLabel("Email");
  await email.fill("not-an-email");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toBeFocused();
  const describedBy = await email.getAttribute("aria-describedby");
  await expect(page.locator(`#${describedBy}`)).toBeVisible();
});
