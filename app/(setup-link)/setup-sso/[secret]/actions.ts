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
import { actionErrorMessage } from "@/app/_lib/action-error-message";
import { UNREADABLE_FORM } from "@/app/_lib/action-input";
import { go, runAction, stop } from "@/app/_lib/run-action";

// Server actions of the setup link page. The link is the credential: every action opens it again
// (so expiry and revocation take effect at once) and acts as the SETUP_LINK principal of the
// permission table, for the link's own team only.

const EXPIRED = "This setup link has expired, was revoked, or its owner no longer manages the team. Ask one of the team's owners for a new one.";

type Command = (p: SsoPrincipal, data: FormData) => Promise<SsoActionState>;

function withLink(secret: unknown, command: Command, data: unknown): Promise<SsoActionState> {
  return runAction<{ secret: string; form: FormData }, SsoPrincipal, SsoActionState>({
    // A hand-made request can send anything (openSetupLink checks the string's shape).
    read: () => (typeof secret !== "string" ? stop(fail(EXPIRED)) : data instanceof FormData ? go({ secret, form: data }) : stop(fail(UNREADABLE_FORM))),
    load: async (input) => {
      const db = await getDb();
      const access = await openSetupLink(db, input.secret);
      if (!access.ok) return stop(fail(EXPIRED));
      return go({ db, team: access.team, actor: access.actor, can: (p) => can("SETUP_LINK", p), mayVerifyManually: false });
    },
    run: async (principal, input) => {
      const state = await command(principal, input.form);
      revalidatePath(`/setup-sso/${input.secret}`);
      return state;
    },
    fail: (e) => fail(actionErrorMessage(e)),
  });
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
