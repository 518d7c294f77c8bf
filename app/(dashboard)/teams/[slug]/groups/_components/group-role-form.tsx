"use client";

import type { Role } from "@/lib/db/generated/enums";
import { RoleOptions } from "@/components/badges";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import { setGroupRoleAction } from "../actions";

/** The role a group grants its members; "No role" leaves their roles to admins and the default. */
export function GroupRoleForm({ slug, groupId, groupName, mappedRole, roles, locked }: { slug: string; groupId: string; groupName: string; mappedRole: Role | null; roles: Role[]; locked: string | null }) {
  const { state, pending, onSubmit } = useFormAction(setGroupRoleAction, IDLE, { resetOnSuccess: false });
  const selectId = `group-role-${groupId}`;
  return (
    <form onSubmit={onSubmit} className="space-y-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="groupId" value={groupId} />
      <div className="flex items-center justify-end gap-2">
        <label htmlFor={selectId} className="sr-only">
          Role for members of {groupName}
        </label>
        <select id={selectId} name="role" defaultValue={mappedRole ?? ""} disabled={!!locked} title={locked ?? undefined} className={`${ui.input} w-36 py-1.5`}>
          <option value="">No role</option>
          <RoleOptions roles={roles} current={mappedRole} />
        </select>
        <button type="submit" className={ui.small} disabled={!!locked} aria-disabled={pending || undefined} aria-busy={pending} aria-label={`Save role for ${groupName}`}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      {locked && <p className="text-right text-xs text-slate-500">{locked}</p>}
      {state.status !== "idle" && <FormMessage state={state} />}
    </form>
  );
}
