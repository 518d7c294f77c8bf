"use client";

import type { Role } from "@/lib/db/generated/enums";
import { RoleOptions } from "@/components/badges";
import { FieldError, fieldErrorProps } from "@/components/field-error";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { addMemberAction } from "../actions";

/** Adds someone by email. They sign in with SSO; a SCIM push for the same email later updates this member. */
export function AddMemberForm({ slug, roles }: { slug: string; roles: Role[] }) {
  const { state, pending, formRef, onSubmit } = useFormAction(addMemberAction, IDLE);
  const fieldError = (name: string) => (state.status === "error" ? state.fieldErrors?.[name] : undefined);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Add a member">
      <FormMessage state={state} />
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-[2fr_2fr_1fr_auto] sm:items-start">
        <div>
          <label htmlFor="add-email" className={ui.label}>
            Email
          </label>
          <input id="add-email" name="email" maxLength={320} type="email" required autoComplete="off" {...fieldErrorProps("add-email", fieldError("email"))} className={`${ui.input} mt-1`} />
          <FieldError inputId="add-email" message={fieldError("email")} />
        </div>
        <div>
          <label htmlFor="add-name" className={ui.label}>
            Name <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input id="add-name" name="name" maxLength={200} type="text" autoComplete="off" className={`${ui.input} mt-1`} />
        </div>
        <div>
          <label htmlFor="add-role" className={ui.label}>
            Role
          </label>
          <select id="add-role" name="role" defaultValue="MEMBER" className={`${ui.input} mt-1`}>
            <RoleOptions roles={roles} />
          </select>
        </div>
        <button type="submit" className={`${ui.primary} sm:mt-6`} aria-disabled={pending || undefined} aria-busy={pending}>
          {pending ? "Adding…" : "Add member"}
        </button>
      </div>
    </form>
  );
}
