"use server";

import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { createScimToken } from "@/lib/scim-tokens/create-token";
import { revokeScimToken } from "@/lib/scim-tokens/revoke-token";
import { rotateScimToken } from "@/lib/scim-tokens/rotate-token";
import { TOKEN_SCOPES } from "@/lib/scim-tokens/token-scope";
import { teamAction } from "../_lib/team-action";
import { success } from "../_lib/action-state";

// SCIM token actions for the "Show SCIMv2 Details" panel. Rotation makes the successor now and
// keeps the old token valid for the overlap chosen, so provisioning never stops in between.

export type GeneratedToken = { name: string; prefix: string; secret: string; expiresAt: string | null; oldTokenValidUntil?: string };

const OVERLAP_HOURS = ["0", "1", "24", "72", "168"] as const;

const EXPIRY_DAYS = ["", "30", "90", "180", "365"] as const;

export const generateScimTokenAction = teamAction(
  {
    schema: z.object({
      slug: z.string().min(1).max(100),
      name: plainText().trim().min(1, "Give the token a name, e.g. \u201cOkta\u201d.").max(100, "Keep the name under 100 characters."),
      expiresInDays: z.enum(EXPIRY_DAYS, { message: "Choose an expiry." }).default(""),
      scope: z.enum(TOKEN_SCOPES, { message: "Choose what the token may do." }).default("read-write"),
    }),
    permission: "scim.manage",
  },
  async (ctx, input) => {
    const expiresAt = input.expiresInDays ? new Date(Date.now() + Number(input.expiresInDays) * 86_400_000) : null;
    // The token acts with its creator's authority over owners (lib/members/owner-authority.ts).
    const mayManageOwners = ctx.can("members.grant_owner");
    const token = await createScimToken(ctx.db, { teamId: ctx.team.id, name: input.name, expiresAt, mayManageOwners, scope: input.scope }, ctx.actor);
    return success<GeneratedToken>(`Token \u201c${token.name}\u201d created.`, {
      name: token.name,
      prefix: token.prefix,
      secret: token.secret,
      expiresAt: token.expiresAt?.toISOString() ?? null,
    });
  },
);

export const revokeScimTokenAction = teamAction(
  { schema: z.object({ slug: z.string().min(1).max(100), tokenId: z.uuid({ message: "Unknown token." }) }), permission: "scim.manage" },
  async (ctx, input) => {
    await revokeScimToken(ctx.db, { teamId: ctx.team.id, tokenId: input.tokenId }, ctx.actor);
    return "Token revoked. Requests that use it are refused from now on.";
  },
);

export const rotateScimTokenAction = teamAction(
  {
    schema: z.object({
      slug: z.string().min(1).max(100),
      tokenId: z.uuid({ message: "Unknown token." }),
      overlapHours: z.enum(OVERLAP_HOURS, { message: "Choose how long the old token keeps working." }),
    }),
    permission: "scim.manage",
  },
  async (ctx, input) => {
    const token = await rotateScimToken(
      ctx.db,
      { teamId: ctx.team.id, tokenId: input.tokenId, overlapHours: Number(input.overlapHours), mayManageOwners: ctx.can("members.grant_owner") },
      ctx.actor,
    );
    return success<GeneratedToken>(`Token \u201c${token.name}\u201d rotated.`, {
      name: token.name,
      prefix: token.prefix,
      secret: token.secret,
      expiresAt: token.expiresAt?.toISOString() ?? null,
      oldTokenValidUntil: token.oldTokenValidUntil.toISOString(),
    });
  },
);
