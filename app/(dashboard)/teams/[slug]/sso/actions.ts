"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getTeamContext } from "@/lib/auth/team-context";
import { appUrl } from "@/lib/env";
import { manualVerificationOnThisServer } from "@/lib/saml/manual-verification";
import { createSetupLink, revokeSetupLink, SETUP_LINK_MAX_DAYS, SETUP_LINK_MIN_DAYS } from "@/lib/saml/setup-links";
import { updateSsoSettings } from "@/lib/saml/team-settings";
import type { SsoActionState } from "@/components/saml/types";
import {
  addDomainCommand,
  deleteConnectionCommand,
  fail,
  ok,
  removeDomainCommand,
  routeDomainCommand,
  runSso,
  saveOidcConnectionCommand,
  saveSamlConnectionCommand,
  verifyDomainCommand,
  type SsoPrincipal,
} from "@/app/_lib/sso-config-actions";
import { actionErrorMessage } from "@/app/_lib/action-error-message";
import { ssoPageInputProblem } from "@/app/_lib/action-input";
import { go, runAction, stop } from "@/app/_lib/run-action";
import { requireSsoGuard } from "@/lib/saml/require-sso-guard";

// Server actions of the SSO page: the team context (signed in, active member) is the principal,
// its role is looked up in the permission table by each command; then the page is revalidated.

async function principal(slug: string): Promise<SsoPrincipal> {
  const ctx = await getTeamContext(slug);
  return {
    db: ctx.db,
    team: ctx.team,
    actor: ctx.actor,
    can: ctx.can,
    mayVerifyManually: ctx.can("sso.domains.verify_manually") && manualVerificationOnThisServer(),
  };
}

type Command = (p: SsoPrincipal, data: FormData) => Promise<SsoActionState>;

/**
 * Every action of the SSO page: the slug the page bound and the form are checked (a hand-made
 * request can send anything) before the team is loaded; a failure loading it answers a message.
 */
function onPage(slug: unknown, command: Command, data: unknown): Promise<SsoActionState> {
  return runAction<{ slug: string; form: FormData }, SsoPrincipal, SsoActionState>({
    read: () => {
      const problem = ssoPageInputProblem(slug, data);
      return problem ? stop(fail(problem)) : go({ slug: slug as string, form: data as FormData });
    },
    load: async (input) => go(await principal(input.slug)),
    run: async (p, input) => {
      const state = await command(p, input.form);
      revalidatePath(`/teams/${p.team.slug}/sso`);
      return state;
    },
    fail: (e) => fail(actionErrorMessage(e)),
  });
}

export async function saveSamlConnectionAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, saveSamlConnectionCommand, data);
}
export async function saveOidcConnectionAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, saveOidcConnectionCommand, data);
}
export async function deleteConnectionAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, deleteConnectionCommand, data);
}
export async function addDomainAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, addDomainCommand, data);
}
export async function verifyDomainAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, verifyDomainCommand, data);
}
export async function removeDomainAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, removeDomainCommand, data);
}
export async function routeDomainAction(slug: string, _prev: SsoActionState, data: FormData) {
  return onPage(slug, routeDomainCommand, data);
}

const settingsSchema = z.object({
  ssoRequired: z.literal("on").optional(),
  jitProvisioning: z.literal("on").optional(),
});

export async function saveSettingsAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  return onPage(slug, saveSettingsCommand, data);
}
async function saveSettingsCommand(p: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = settingsSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("Please check the form.");
  return runSso(p, "saml.manage", async () => {
    const { changed } = await updateSsoSettings(
      p.db,
      p.team.id,
      { ssoRequired: !!parsed.data.ssoRequired, jitProvisioning: !!parsed.data.jitProvisioning },
      p.actor,
      { connections: await requireSsoGuard(p.db, p.team.id) },
    );
    return ok(changed.length ? "Settings saved." : "Nothing to change.");
  });
}

const daysSchema = z.object({ days: z.coerce.number().int().min(SETUP_LINK_MIN_DAYS).max(SETUP_LINK_MAX_DAYS) });

export async function createSetupLinkAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  return onPage(slug, createSetupLinkCommand, data);
}
async function createSetupLinkCommand(p: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = daysSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail(`Choose between ${SETUP_LINK_MIN_DAYS} and ${SETUP_LINK_MAX_DAYS} days.`);
  return runSso(p, "sso.setup_links.manage", async () => {
    const link = await createSetupLink(p.db, p.team.id, parsed.data.days, p.actor);
    return ok("Setup link created. Copy it now: it is shown only once.", { label: "Setup link", value: `${appUrl()}/setup-sso/${link.secret}` });
  });
}

export async function revokeSetupLinkAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  return onPage(slug, revokeSetupLinkCommand, data);
}
async function revokeSetupLinkCommand(p: SsoPrincipal, data: FormData): Promise<SsoActionState> {
  const parsed = z.object({ linkId: z.uuid() }).safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That link no longer exists.");
  return runSso(p, "sso.setup_links.manage", async () => {
    await revokeSetupLink(p.db, p.team.id, parsed.data.linkId, p.actor);
    return ok("The link was revoked: it no longer opens anything.");
  });
}
