"use client";

import { useEffect, useRef, useState } from "react";
import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS } from "@/components/badges";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { bulkMembersAction } from "../bulk-actions";
import { BULK_FORM_ID } from "../_lib/bulk-form";

/** The row checkboxes (name "member"), which belong to the bulk form through their `form` attribute. */
const selectedBoxes = () => [...document.querySelectorAll<HTMLInputElement>(`input[form="${BULK_FORM_ID}"][name="member"]`)];

/**
 * The bar above the members table: what to do with the rows ticked in it. The checkboxes belong to
 * this form through their `form` attribute; their ids are sent as one field. The answer lists
 * what was skipped and why, grouped by reason.
 */
export function BulkActions({ slug, roles, canWrite }: { slug: string; roles: Role[]; canWrite: boolean }) {
  const { state, pending, formRef, onSubmit } = useFormAction(bulkMembersAction, IDLE, { resetOnSuccess: false });
  const [count, setCount] = useState(0);
  useEffect(() => {
    const update = () => setCount(selectedBoxes().filter((b) => b.checked).length);
    document.addEventListener("change", update);
    return () => document.removeEventListener("change", update);
  }, []);
  useEffect(() => {
    if (state.status !== "success") return;
    for (const box of selectedBoxes()) box.checked = false;
    setCount(0);
  }, [state]);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    // The ticked rows as one comma-separated field: the action reads one value per name.
    const ids = event.currentTarget.querySelector<HTMLInputElement>('input[name="ids"]');
    if (ids) ids.value = selectedBoxes().filter((b) => b.checked).map((b) => b.value).join(",");
    onSubmit(event);
  }

  const skipped = state.status === "success" ? (state.data?.skipped ?? []) : [];
  return (
    <form id={BULK_FORM_ID} ref={formRef} onSubmit={submit} aria-label="Change selected members" className="space-y-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="ids" value="" />
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="bulk-change" className={ui.label}>
            With selected members ({count})
          </label>
          <select id="bulk-change" name="change" defaultValue="" className={`${ui.input} mt-1 w-auto`}>
            <option value="" disabled>
              Choose an action…
            </option>
            {roles.map((r) => (
              <option key={r} value={`role:${r}`}>
                Change role to {ROLE_LABELS[r]}
              </option>
            ))}
            {canWrite && (
              <>
                <option value="deactivate">Deactivate</option>
                <option value="reactivate">Reactivate</option>
                <option value="remove">Remove from team</option>
              </>
            )}
          </select>
        </div>
        <button type="submit" className={ui.secondary} disabled={pending || count === 0} aria-busy={pending}>
          {pending ? "Applying…" : "Apply to selected"}
        </button>
      </div>
      {state.status !== "idle" && <FormMessage state={state} />}
      {skipped.length > 0 && (
        <ul className="list-disc space-y-1 pl-6 text-sm text-slate-700" data-testid="bulk-skipped">
          {skipped.map((s) => (
            <li key={s.reason}>
              {s.reason} <span className="text-slate-600">({s.emails.join(", ")})</span>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** The header checkbox: ticks or clears every row on this page. */
export function SelectAllMembers() {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all members on this page"
      className="h-4 w-4"
      onChange={(e) => {
        for (const box of selectedBoxes()) box.checked = e.currentTarget.checked;
        // The count in the bar listens for change events on the document.
        document.dispatchEvent(new Event("change"));
      }}
    />
  );
}
