"use client";

import { useState } from "react";
import { FieldError, fieldErrorProps } from "@/components/field-error";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { slugFromName } from "@/lib/teams/slug";
import { IDLE } from "../[slug]/_lib/action-state";
import { createTeamAction } from "./actions";

/** Team name and URL name; the URL name follows the name until the person edits it. */
export function TeamNameFields({ fieldError }: { fieldError: (name: string) => string | undefined }) {
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  return (
    <>
      <div>
        <label htmlFor="team-name" className={ui.label}>
          Team name
        </label>
        <input
          id="team-name"
          name="name"
          required
          maxLength={100}
          autoComplete="organization"
          {...fieldErrorProps("team-name", fieldError("name"))}
          onChange={(e) => !slugEdited && setSlug(slugFromName(e.target.value))}
          className={`${ui.input} mt-1`}
        />
        <FieldError inputId="team-name" message={fieldError("name")} />
      </div>
      <div>
        <label htmlFor="team-slug" className={ui.label}>
          URL name
        </label>
        <div className="mt-1 flex items-center gap-1 text-sm text-slate-600">
          <span aria-hidden>/teams/</span>
          <input
            id="team-slug"
            name="slug"
            required
            maxLength={40}
            value={slug}
            {...fieldErrorProps("team-slug", fieldError("slug"), "team-slug-hint")}
            onChange={(e) => {
              setSlugEdited(true);
              setSlug(e.target.value);
            }}
            className={ui.input}
          />
        </div>
        <FieldError inputId="team-slug" message={fieldError("slug")} />
        <p id="team-slug-hint" className="mt-1 text-xs text-slate-600">
          Lower-case letters, digits and hyphens; 3–40 characters.
        </p>
      </div>
    </>
  );
}

export function CreateTeamForm() {
  const { state, pending, formRef, onSubmit } = useFormAction(createTeamAction, IDLE, { resetOnSuccess: false });
  const fieldError = (name: string) => (state.status === "error" ? state.fieldErrors?.[name] : undefined);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Create a team">
      <FormMessage state={state} />
      <TeamNameFields fieldError={fieldError} />
      <button type="submit" className={ui.primary} aria-disabled={pending || undefined} aria-busy={pending}>
        {pending ? "Creating…" : "Create team"}
      </button>
    </form>
  );
}
