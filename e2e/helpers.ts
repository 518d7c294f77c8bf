import { expect, type Page } from "@playwright/test";

// The demo team that `npm start` seeds (scripts/seed.ts); the e2e server starts from a wiped DB.
export const DEMO = {
  slug: "acme",
  owner: "owner@acme.test",
  admin: "admin@acme.test",
  deactivated: "dan@acme.test",
  password: process.env.SEED_OWNER_PASSWORD || "gatehouse-demo",
};

export async function signIn(page: Page, email: string, password = DEMO.password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAsOwner(page: Page) {
  await signIn(page, DEMO.owner);
  await expect(page).toHaveURL(/\/teams\/acme\/members/);
}

export const memberRow = (page: Page, email: string) => page.locator(`[data-testid="member-row"][data-email="${email}"]`);

// Scoped to forms: Next.js keeps its own (empty) role="alert" route announcer on every page.
export const formError = (page: Page) => page.locator("form").getByRole("alert");
