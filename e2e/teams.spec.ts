import { expect, test } from "@playwright/test";
import { createTestTeam, memberRow, openTeamSwitcher, signIn } from "./helpers";

// Creating a team and moving between teams with the header's team switcher.

test("create a team, land on it as owner, and switch between teams", async ({ page, request }, testInfo) => {
  const team = await createTestTeam(request);
  await signIn(page, team.owner.email, team.owner.password);
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));

  await (await openTeamSwitcher(page)).getByRole("link", { name: "+ Create a team" }).click();
  await expect(page.getByRole("heading", { name: "Create a team" })).toBeVisible();
  const suffix = Date.now().toString(36);
  await page.getByLabel("Team name").fill(`Second ${suffix}`);
  await expect(page.getByLabel("URL name")).toHaveValue(`second-${suffix}`);
  await page.screenshot({ path: testInfo.outputPath("create-team.png"), fullPage: true });

  // Taken and reserved slugs are refused with a message; nothing is created.
  await page.getByLabel("URL name").fill(team.slug);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("form").getByRole("alert")).toHaveText(`The URL name “${team.slug}” is already taken. Choose another.`);
  await page.getByLabel("URL name").fill("settings");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("form").getByRole("alert")).toContainText("reserved");

  await page.getByLabel("URL name").fill(`second-${suffix}`);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/second-${suffix}/members`));
  await expect(memberRow(page, team.owner.email)).toContainText("Owner");

  const switcher = await openTeamSwitcher(page);
  await expect(switcher.getByRole("link", { name: new RegExp(`Second ${suffix}`) })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: testInfo.outputPath("team-switcher.png") });
  await switcher.getByRole("link", { name: new RegExp(`E2E ${team.slug.slice(4)}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/teams/${team.slug}/members`));
});
