"use client";

import { RoleOptions } from "@/components/badges";
import type { Role } from "@/lib/db/generated/enums";
import { ui } from "@/components/ui";

/**
 * The role filter: choosing a role applies it at once, the way the status tabs do. It submits its
 * own GET form, so without JavaScript the form's button does the same.
 */
export function RoleFilterSelect({ role }: { role?: Role }) {
  return (
    <select
      id="member-role"
      name="role"
      defaultValue={role ?? ""}
      className={`${ui.input} mt-1`}
      onChange={(e) => e.currentTarget.form?.requestSubmit()}
    >
      <option value="">Any role</option>
      <RoleOptions roles={["OWNER", "ADMIN", "MEMBER"]} />
    </select>
  );
}
