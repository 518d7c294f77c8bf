"use client";

import { useState } from "react";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS } from "@/components/badges";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../_lib/action-state";
import { changeSlugAction, defaultRoleAction, deleteTeamAction, renameTeamAction, transferOwnershipAction, welcomeEmailsAction } from "./actions";

export function RenameForm({ slug, name }: { slug: string; name: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(renameTeamAction, IDLE, { resetOnSuccess: false });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2" aria-label="Team name">
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <label htmlFor="settings-name" className={ui.label}>
        Team name
      </label>
      <div className="flex flex-wrap gap-2 sm:flex-nowrap">
        <input id="settings-name" name="name" defaultValue={name} required maxLength={100} autoComplete="organization" className={ui.input} />
        <button type="submit" className={ui.primary} disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Save name"}
        </button>
      </div>
    </form>
  );
}

export function SlugForm({ slug }: { slug: string }) {
  const { state, pending, formRef, onSubmit } = useFormAction(changeSlugAction, IDLE, { resetOnSuccess: false });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2" aria-label="URL name">
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <label htmlFor="settings-slug" className={ui.label}>
        URL name
      </label>
      <div className="flex flex-wrap items-center gap-2 sm:flex-nowrap">
        <span className="text-sm text-slate-500" aria-hidden>
          /teams/
        </span>
        <input id="settings-slug" name="newSlug" defaultValue={slug} required maxLength={40} aria-describedby="settings-slug-hint" className={ui.input} />
        <button type="submit" className={ui.primary} disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Change URL name"}
        </button>
      </div>
      <p id="settings-slug-hint" className="text-xs text-slate-500">
        Lower-case letters, digits and hyphens. Links with the old name keep working for your members, and no other team can take it.
      </p>
    </form>
  );
}

export function DefaultRoleForm({ slug, role, choices }: { slug: string; role: Role; choices: readonly Role[] }) {
  const { state, pending, formRef, onSubmit } = useFormAction(defaultRoleAction, IDLE, { resetOnSuccess: false });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2" aria-label="Default role">
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <label htmlFor="settings-default-role" className={ui.label}>
        Default role
      </label>
      <div className="flex flex-wrap gap-2 sm:flex-nowrap">
        <select id="settings-default-role" name="defaultRole" defaultValue={role} aria-describedby="settings-role-hint" className={ui.input}>
          {choices.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" className={ui.primary} disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Save default role"}
        </button>
      </div>
      <p id="settings-role-hint" className="text-xs text-slate-500">
        Given to people SCIM or SSO just-in-time provisioning adds when neither a role attribute nor a role-mapped group decides.
      </p>
    </form>
  );
}

export function WelcomeEmailsForm({ slug, on, mailConfigured }: { slug: string; on: boolean; mailConfigured: boolean }) {
  const { state, pending, formRef, onSubmit } = useFormAction(welcomeEmailsAction, IDLE, { resetOnSuccess: false });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2" aria-label="Welcome emails">
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="welcomeEmails" defaultChecked={on} aria-describedby="settings-welcome-hint" className="h-4 w-4" />
          Email a welcome to people your IdP creates
        </label>
        <button type="submit" className={ui.primary} disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      <p id="settings-welcome-hint" className="text-xs text-slate-500">
        One email when SCIM creates someone on one of the team&rsquo;s verified domains, once single sign-on is set up: the team&rsquo;s name and a link to sign in with SSO.
        {mailConfigured ? "" : " This server sends no email (SMTP_URL is not set), so none go out either way."}
      </p>
    </form>
  );
}

export function TransferOwnershipForm({ slug }: { slug: string }) {
  const [email, setEmail] = useState("");
  const [confirming, setConfirming] = useState(false);
  const { state, pending, formRef, onSubmit } = useFormAction(transferOwnershipAction, IDLE, { resetOnSuccess: false });
  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        if (!confirming) {
          e.preventDefault();
          if (email.trim()) setConfirming(true);
          return;
        }
        setConfirming(false);
        onSubmit(e);
      }}
      noValidate
      className="space-y-2"
      aria-label="Transfer ownership"
    >
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <label htmlFor="transfer-email" className={ui.label}>
        Email of the new owner
      </label>
      <input id="transfer-email" name="email" maxLength={320} type="email" value={email} onChange={(e) => (setEmail(e.target.value), setConfirming(false))} required className={ui.input} />
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Confirm the transfer">
          <span className="text-sm text-amber-800">
            {email.trim()} becomes an owner and you become an admin. Only an owner can undo this.
          </span>
          <button type="submit" className={ui.dangerSolid} disabled={pending} aria-busy={pending}>
            {pending ? "Transferring…" : "Confirm transfer"}
          </button>
          <button type="button" className={ui.small} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className={ui.danger}>
          Transfer ownership…
        </button>
      )}
    </form>
  );
}

export function DeleteTeamForm({ slug, name }: { slug: string; name: string }) {
  const [typed, setTyped] = useState("");
  const { state, pending, formRef, onSubmit } = useFormAction(deleteTeamAction, IDLE, { resetOnSuccess: false });
  const matches = typed.trim().toLowerCase() === slug;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2" aria-label="Delete team">
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <p className="text-sm text-slate-700">
        Deletes {name} for everyone: its members, groups, SCIM tokens, SSO connection, domains, invitations and audit log. People keep their accounts. This
        cannot be undone.
      </p>
      <label htmlFor="delete-confirm" className={ui.label}>
        Type <span className="font-mono">{slug}</span> to confirm
      </label>
      <div className="flex flex-wrap gap-2 sm:flex-nowrap">
        <input id="delete-confirm" name="confirm" maxLength={100} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" className={ui.input} />
        <button type="submit" className={ui.dangerSolid} disabled={!matches || pending} aria-busy={pending}>
          {pending ? "Deleting…" : "Delete team"}
        </button>
      </div>
    </form>
  );
}
