"use client";

import type { MembershipSource, MembershipStatus, Role, RoleSource } from "@/lib/db/generated/enums";
import { IdpRoleMark, RoleLabel, SourceBadge, StatusBadge } from "@/components/badges";
import { ui } from "@/components/ui";
import { BULK_FORM_ID } from "../_lib/bulk-form";
import type { MemberControls } from "../_lib/member-controls";
import type { ProfileFact } from "../_lib/profile-facts";
import { ManageMember } from "./manage-member";

/** What a row shows, worked out on the server (names, dates in one fixed zone, what the viewer may do). */
export type MemberRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  roleSource: RoleSource;
  status: MembershipStatus;
  source: MembershipSource;
  lastSignIn: { iso: string; text: string } | null;
  self: boolean;
  /** Only when the viewer may manage members. */
  manage: { profile: ProfileFact[]; controls: MemberControls } | null;
};

// The members table's rows, drawn here from compact row data rather than rendered as server
// components: a server-rendered row's element tree travelled twice, as HTML and again in the
// React Server Components payload (about 2 kB of class names and props a row), and its tree was
// built, serialized and read back for every one of a page's 50 rows.
export function MemberRows({ rows, slug }: { rows: MemberRow[]; slug: string }) {
  return rows.map((m) => {
    const deactivated = m.status === "DEACTIVATED";
    return (
      <tr key={m.id} data-testid="member-row" data-email={m.email} className={deactivated ? "bg-slate-50/70 text-slate-500" : ""}>
        {m.manage && (
          <td className={`${ui.td} w-8`}>
            <input type="checkbox" form={BULK_FORM_ID} name="member" value={m.id} aria-label={`Select ${m.email}`} className="h-4 w-4" />
          </td>
        )}
        <td className={`${ui.td} font-medium`}>
          <span className={deactivated ? "line-through decoration-slate-300" : ""}>{m.name}</span>
          {m.self && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">You</span>}
        </td>
        <td className={`${ui.td} break-all`}>{m.email}</td>
        <td className={`${ui.td} whitespace-nowrap`}>
          <RoleLabel role={m.role} />
          <IdpRoleMark roleSource={m.roleSource} />
        </td>
        <td className={ui.td}>
          <StatusBadge status={m.status} />
        </td>
        <td className={ui.td}>
          <SourceBadge source={m.source} />
        </td>
        <td className={`${ui.td} whitespace-nowrap text-slate-600`}>{m.lastSignIn ? <time dateTime={m.lastSignIn.iso}>{m.lastSignIn.text}</time> : "Never"}</td>
        {m.manage && (
          <td className={`${ui.td} text-right`}>
            <ManageMember
              slug={slug}
              member={{ id: m.id, name: m.name, email: m.email, role: m.role, status: m.status, source: m.source, profile: m.manage.profile }}
              controls={m.manage.controls}
            />
          </td>
        )}
      </tr>
    );
  });
}
