"use server";

import { revalidatePath } from "next/cache";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { openSetupLink } from "@/lib/saml/setup-links";
import type { SsoActionState } from "@/components/saml/types";
import {
  addDomainCommand,
  createScimTokenCommand,
  deleteConnectionCommand,
  fail,
  removeDomainCommand,
  routeDomainCommand,
  saveOidcConnectionCommand,
  saveSamlConnectionCommand,
  verifyDomainCommand,
  type SsoPrincipal,
} from "@/app/_lib/sso-config-actions";
import { UNREADABLE_FORM } from "@/app/_lib/action-input";

// Server actions of the setup link page. The link is the credential: every action opens it again
// (so expiry and revocation take effect at once) and acts as the SETUP_LINK principal of the
// permission table, for the link's own team only.

const EXPIRED = "This setup link has expired or was revoked. Ask the team's owner for a new one.";

type Command = (p: SsoPrincipal, data: FormData) => Promise<SsoActionState>;

async function withLink(secret: unknown, command: Command, data: unknown): Promise<SsoActionState> {
  // A hand-made request can send anything (openSetupLink checks the string's shape).
  if (typeof secret !== "string") return fail(EXPIRED);
  if (!(data instanceof FormData)) return fail(UNREADABLE_FORM);
  const db = await getDb();
  const access = await openSetupLink(db, secret);
  if (!access.ok) return fail(EXPIRED);
  const principal: SsoPrincipal = { db, team: access.team, actor: access.actor, can: (p) => can("SETUP_LINK", p), mayVerifyManually: false };
  const state = await command(principal, data);
  revalidatePath(`/setup-sso/${secret}`);
  return state;
}

export async function saveSamlConnectionAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, saveSamlConnectionCommand, data);
}
export async function saveOidcConnectionAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, saveOidcConnectionCommand, data);
}
export async function deleteConnectionAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, deleteConnectionCommand, data);
}
export async function addDomainAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, addDomainCommand, data);
}
export async function verifyDomainAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, verifyDomainCommand, data);
}
export async function removeDomainAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, removeDomainCommand, data);
}
export async function routeDomainAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, routeDomainCommand, data);
}
export async function createScimTokenAction(secret: string, _prev: SsoActionState, data: FormData) {
  return withLink(secret, createScimTokenCommand, data);
}
