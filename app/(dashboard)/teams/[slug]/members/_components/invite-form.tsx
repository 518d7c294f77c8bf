"use client";

import type { Role } from "@/lib/db/generated/enums";
import { RoleOptions } from "@/components/badges";
import { FieldError, fieldErrorProps } from "@/components/field-error";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { inviteAction } from "../invitation-actions";
import { InvitationLink } from "./invitation-link";

/** Invite by email with a role. Without email delivery the link is shown here to copy. */
export function InviteForm({ slug, roles, mailConfigured }: { slug: string; roles: Role[]; mailConfigured: boolean }) {
  const { state, pending, formRef, onSubmit } = useFormAction(inviteAction, IDLE);
  const fieldError = (name: string) => (state.status === "error" ? state.fieldErrors?.[name] : undefined);
  const delivery = state.status === "success" ? state.data : undefined;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Invite people">
      <p className="text-sm text-slate-600">
        {mailConfigured
          ? "They get an email with a link to join; it works once and expires in 7 days."
          : "This server sends no email (no SMTP_URL): you get a link to pass on yourself. It works once and expires in 7 days."}
      </p>
      <FormMessage state={state} />
      {delivery && !delivery.emailed && <InvitationLink email={delivery.email} link={delivery.link} />}
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-[3fr_1fr_auto] sm:items-start">
        <div>
          <label htmlFor="invite-email" className={ui.label}>
            Email
          </label>
          <input id="invite-email" name="email" maxLength={320} type="email" required autoComplete="off" {...fieldErrorProps("invite-email", fieldError("email"))} className={`${ui.input} mt-1`} />
          <FieldError inputId="invite-email" message={fieldError("email")} />
        </div>
        <div>
          <label htmlFor="invite-role" className={ui.label}>
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="MEMBER" {...fieldErrorProps("invite-role", fieldError("role"))} className={`${ui.input} mt-1`}>
            <RoleOptions roles={roles} />
          </select>
          <FieldError inputId="invite-role" message={fieldError("role")} />
        </div>
        <button type="submit" className={`${ui.primary} sm:mt-6`} aria-disabled={pending || undefined} aria-busy={pending}>
          {pending ? "Inviting…" : "Send invitation"}
        </button>
      </div>
    </form>
  );
}
