"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getTeamContext, type TeamContext } from "@/lib/auth/team-context";
import { appUrl } from "@/lib/env";
import { deleteTeamConnection, getTeamConnection, MAX_METADATA_LENGTH, saveTeamConnection } from "@/lib/saml/connections";
import { SsoError } from "@/lib/saml/errors";
import { getJackson } from "@/lib/saml/jackson";
import { isLoopbackOrigin, manualVerificationAllowed } from "@/lib/saml/policy";
import { addTeamDomain, removeTeamDomain, verifyTeamDomain } from "@/lib/saml/team-domains";
import { updateSsoSettings } from "@/lib/saml/team-settings";
import type { SsoActionState } from "@/components/saml/types";

// Server actions of the SSO page. Each one: the team context (signed in, active member), the
// saml.manage permission, validated input, one lib/saml call; SsoError messages are shown as
// they are, anything else becomes a generic message and nothing half-done.

const ok = (message: string): SsoActionState => ({ status: "success", message, at: Date.now() });
const fail = (message: string): SsoActionState => ({ status: "error", message, at: Date.now() });

async function run(slug: string, work: (ctx: TeamContext) => Promise<SsoActionState>): Promise<SsoActionState> {
  const ctx = await getTeamContext(slug);
  if (!ctx.can("saml.manage")) return fail("Only owners and admins can change single sign-on.");
  try {
    const state = await work(ctx);
    revalidatePath(`/teams/${slug}/sso`);
    return state;
  } catch (e) {
    if (e instanceof SsoError) return fail(e.message);
    console.error("[saml] settings action failed", e);
    return fail("Something went wrong, and nothing was changed. Try again.");
  }
}

const text = (max: number) => z.string().max(max).optional().default("");

const metadataSchema = z.object({
  mode: z.enum(["xml", "url"]).catch("xml"),
  metadataXml: text(MAX_METADATA_LENGTH + 1000),
  metadataUrl: text(2000),
});

export async function saveConnectionAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  const parsed = metadataSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("The metadata is too large; that is not IdP metadata.");
  const { mode, metadataXml, metadataUrl } = parsed.data;
  if (mode === "url" && !metadataUrl.trim()) return fail("Enter the metadata URL your identity provider publishes.");
  return run(slug, async (ctx) => {
    const origin = appUrl();
    const saved = await saveTeamConnection(
      { jackson: await getJackson(), db: ctx.db, appUrl: origin, allowLoopbackFetch: isLoopbackOrigin(origin) },
      ctx.team,
      mode === "url" ? { kind: "url", url: metadataUrl } : { kind: "xml", xml: metadataXml },
      ctx.actor,
    );
    return ok(`Connected to ${saved.idpEntityId}.`);
  });
}

export async function deleteConnectionAction(slug: string, _prev: SsoActionState, _data: FormData): Promise<SsoActionState> {
  return run(slug, async (ctx) => {
    await deleteTeamConnection({ jackson: await getJackson(), db: ctx.db }, ctx.team.id, ctx.actor);
    return ok("The SAML connection was deleted.");
  });
}

export async function addDomainAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  const domain = z.string().max(300).safeParse(data.get("domain") ?? "");
  if (!domain.success) return fail("That is not a domain.");
  return run(slug, async (ctx) => {
    const row = await addTeamDomain(ctx.db, ctx.team.id, domain.data, ctx.actor);
    return ok(`${row.domain} added. Publish its TXT record, then check DNS.`);
  });
}

const domainIdSchema = z.object({ domainId: z.string().min(1).max(64) });

export async function verifyDomainAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  const parsed = domainIdSchema.extend({ method: z.enum(["dns", "manual"]).catch("dns") }).safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That domain is no longer on this team's list.");
  const { domainId, method } = parsed.data;
  return run(slug, async (ctx) => {
    if (method === "manual") {
      if (!manualVerificationAllowed({ flag: process.env.SSO_MANUAL_DOMAIN_VERIFICATION, appUrl: appUrl() })) {
        return fail("Manual verification is turned off on this server; publish the TXT record and check DNS.");
      }
      if (ctx.membership.role !== "OWNER") return fail("Only owners can verify a domain without the DNS record.");
    }
    const row = await verifyTeamDomain(ctx.db, ctx.team.id, domainId, { kind: method }, ctx.actor);
    return ok(`${row.domain} is verified.`);
  });
}

export async function removeDomainAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  const parsed = domainIdSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("That domain is no longer on this team's list.");
  return run(slug, async (ctx) => {
    const row = await removeTeamDomain(ctx.db, ctx.team.id, parsed.data.domainId, ctx.actor);
    return ok(`${row.domain} removed.`);
  });
}

const settingsSchema = z.object({
  ssoRequired: z.literal("on").optional(),
  jitProvisioning: z.literal("on").optional(),
});

export async function saveSettingsAction(slug: string, _prev: SsoActionState, data: FormData): Promise<SsoActionState> {
  const parsed = settingsSchema.safeParse(Object.fromEntries(data));
  if (!parsed.success) return fail("Please check the form.");
  return run(slug, async (ctx) => {
    const connection = await getTeamConnection(await getJackson(), ctx.team.id);
    const { changed } = await updateSsoSettings(
      ctx.db,
      ctx.team.id,
      { ssoRequired: !!parsed.data.ssoRequired, jitProvisioning: !!parsed.data.jitProvisioning, defaultRole: ctx.team.defaultRole },
      ctx.actor,
      { hasConnection: !!connection },
    );
    return ok(changed.length ? "Settings saved." : "Nothing to change.");
  });
}
