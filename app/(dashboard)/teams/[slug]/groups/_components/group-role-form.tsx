"use client";

import { useEffect, useState, useTransition } from "react";
import type { Role } from "@/lib/db/generated/enums";
import { RoleOptions } from "@/components/badges";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { previewGroupRoleAction, setGroupRoleAction } from "../actions";

/**
 * The role a group grants its members; "No role" leaves their roles to admins and the default.
 * Choosing a role first shows how many people's roles saving would change.
 */
export function GroupRoleForm({ slug, groupId, groupName, mappedRole, roles, locked }: { slug: string; groupId: string; groupName: string; mappedRole: Role | null; roles: Role[]; locked: string | null }) {
  const { state, pending, onSubmit } = useFormAction(setGroupRoleAction, IDLE, { resetOnSuccess: false });
  const [preview, setPreview] = useState<string | null>(null);
  const [, startPreview] = useTransition();
  const selectId = `group-role-${groupId}`;
  const previewId = `${selectId}-preview`;
  // A saved mapping makes the preview history.
  useEffect(() => {
    if (state.status === "success") setPreview(null);
  }, [state]);
  return (
    <form onSubmit={onSubmit} className="space-y-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="groupId" value={groupId} />
      <div className="flex items-center justify-end gap-2">
        <label htmlFor={selectId} className="sr-only">
          Role for members of {groupName}
        </label>
        <select
          id={selectId}
          name="role"
          defaultValue={mappedRole ?? ""}
          disabled={!!locked}
          title={locked ?? undefined}
          aria-describedby={preview ? previewId : undefined}
          className={`${ui.input.replace("w-full", "")} w-32 shrink-0 py-1.5`}
          onChange={(e) => {
            const role = e.currentTarget.value;
            startPreview(async () => setPreview(await previewGroupRoleAction({ slug, groupId, role })));
          }}
        >
          <option value="">No role</option>
          <RoleOptions roles={roles} current={mappedRole} />
        </select>
        <button type="submit" className={ui.small} disabled={!!locked} aria-disabled={pending || undefined} aria-busy={pending} aria-label={`Save role for ${groupName}`}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      <p id={previewId} aria-live="polite" className="text-right text-xs text-slate-700" data-testid="mapping-preview">
        {preview}
      </p>
      {locked && <p className="text-right text-xs text-slate-600">{locked}</p>}
      {state.status !== "idle" && <FormMessage state={state} />}
    </form>
  );
}
