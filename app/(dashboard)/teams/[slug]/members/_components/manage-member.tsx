"use client";

import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import type { MembershipSource, MembershipStatus, Role } from "@/lib/db/generated/enums";
import { LockIcon, RoleOptions } from "@/components/badges";
import { announce } from "@/components/announce";
import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { IDLE } from "../../_lib/action-state";
import type { MemberControls } from "../_lib/member-controls";
import type { ProfileFact } from "../_lib/profile-facts";
import { MEMBERS_TABLE_ID } from "./members-table-id";
import { ResetLinkSection } from "./reset-link";
import { changeRoleAction, deactivateMemberAction, reactivateMemberAction, removeMemberAction } from "../actions";

type Member = { id: string; name: string; email: string; role: Role; status: MembershipStatus; source: MembershipSource; profile: ProfileFact[] };

/**
 * "Manage" opens a modal dialog with the member's role, status and removal. Locked controls stay
 * visible, disabled, with the reason next to them, so nobody has to try a change to learn why not.
 */
export function ManageMember({ slug, member, controls }: { slug: string; member: Member; controls: MemberControls }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={trigger} type="button" className={ui.small} onClick={() => setOpen(true)} aria-haspopup="dialog" aria-label={`Manage ${member.email}`}>
        Manage
      </button>
      {open && (
        <MemberDialog
          slug={slug}
          member={member}
          controls={controls}
          onClose={(returnFocus) => {
            setOpen(false);
            if (returnFocus) trigger.current?.focus();
          }}
        />
      )}
    </>
  );
}

function MemberDialog({ slug, member, controls, onClose }: { slug: string; member: Member; controls: MemberControls; onClose: (returnFocus: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const removed = useRef(false);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const role = useFormAction(changeRoleAction, IDLE, { resetOnSuccess: false });
  const status = useFormAction(member.status === "ACTIVE" ? deactivateMemberAction : reactivateMemberAction, IDLE, { resetOnSuccess: false });
  const remove = useFormAction(removeMemberAction, IDLE, {
    resetOnSuccess: false,
    // The member's row, with its Manage button and this dialog, is about to go: the dialog closes
    // (synchronously: only its close event waits, and a dialog already unmounted never fires it)
    // and focus moves to the members table instead of dropping to <body>; the result is announced,
    // as the dialog's message goes with it.
    onSuccess: () => {
      removed.current = true;
      ref.current?.close();
      document.getElementById(MEMBERS_TABLE_ID)?.focus();
      announce(`${member.email} removed from the team.`);
    },
  });
  const [confirmRemove, setConfirmRemove] = useState(false);
  // Show whichever action answered last.
  const latest = [role.state, status.state, remove.state].filter((s) => s.status !== "idle").sort((a, b) => ("at" in b ? b.at : 0) - ("at" in a ? a.at : 0))[0];

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={() => onClose(!removed.current)}
      onClick={(e) => e.target === ref.current && ref.current.close()}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 p-0 text-left shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="space-y-5 p-5">
        <div className="flex items-start justify-between gap-4">
          <div>
            <h2 id={titleId} className="text-lg font-semibold">
              Manage {member.name}
            </h2>
            <p className="text-sm break-all text-slate-600">{member.email}</p>
            {member.source === "SCIM" && (
              <p className="mt-1 inline-flex items-center gap-1 rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700">
                <LockIcon className="h-3 w-3" />
                Managed by SCIM: name, email and status come from your identity provider.
              </p>
            )}
          </div>
          <button type="button" onClick={() => ref.current?.close()} className={ui.small} aria-label="Close">
            ✕
          </button>
        </div>

        {member.profile.length > 0 && (
          <dl aria-label="Profile" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="member-profile">
            {member.profile.map((f) => (
              <div key={f.label} className="contents">
                <dt className="text-slate-600">{f.label}</dt>
                <dd className="break-words text-slate-900">{f.value}</dd>
              </div>
            ))}
          </dl>
        )}

        <Link href={`/teams/${slug}/audit/member/${member.id}`} className={`${ui.link} inline-block text-sm`}>
          Provisioning timeline
        </Link>

        {latest && <FormMessage state={latest} />}

        <form onSubmit={role.onSubmit} className="space-y-2">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="membershipId" value={member.id} />
          <label htmlFor={`${titleId}-role`} className={ui.label}>
            Role
          </label>
          <div className="flex gap-2">
            <select
              id={`${titleId}-role`}
              name="role"
              defaultValue={member.role}
              disabled={!!controls.role.locked}
              aria-describedby={controls.role.locked ? `${titleId}-role-lock` : undefined}
              className={ui.input}
            >
              {/* The current role stays listed even where the viewer may not grant it. */}
              <RoleOptions roles={controls.role.options} current={member.role} />
            </select>
            <button type="submit" className={ui.primary} disabled={!!controls.role.locked} aria-disabled={role.pending || undefined} aria-busy={role.pending}>
              {role.pending ? "Saving…" : "Save role"}
            </button>
          </div>
          <LockNote id={`${titleId}-role-lock`} reason={controls.role.locked} />
        </form>

        <form onSubmit={status.onSubmit} className="space-y-2 border-t border-slate-100 pt-4">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="membershipId" value={member.id} />
          <p className={ui.label}>Access</p>
          <p className="text-sm text-slate-600">
            {member.status === "ACTIVE"
              ? "Deactivating ends their sessions and blocks sign-in. Their role is kept for when they are reactivated."
              : "Deactivated: they cannot sign in. Reactivating restores the role they had."}
          </p>
          <button
            type="submit"
            className={member.status === "ACTIVE" ? ui.danger : ui.secondary}
            disabled={!!controls.status.locked}
            aria-disabled={status.pending || undefined}
            aria-busy={status.pending}
            aria-describedby={controls.status.locked ? `${titleId}-status-lock` : undefined}
          >
            {member.status === "ACTIVE" ? (status.pending ? "Deactivating…" : "Deactivate") : status.pending ? "Reactivating…" : "Reactivate"}
          </button>
          <LockNote id={`${titleId}-status-lock`} reason={controls.status.locked} />
        </form>

        {member.status === "ACTIVE" && <ResetLinkSection slug={slug} membershipId={member.id} email={member.email} />}

        <form onSubmit={remove.onSubmit} className="space-y-2 border-t border-slate-100 pt-4">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="membershipId" value={member.id} />
          <p className={ui.label}>Remove from team</p>
          {controls.remove.warning && !controls.remove.locked && <p className="text-sm text-amber-800">{controls.remove.warning}</p>}
          {confirmRemove ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm">Remove {member.email}? Their account stays; their membership and role go.</span>
              <button type="submit" className={ui.dangerSolid} aria-disabled={remove.pending || undefined} aria-busy={remove.pending}>
                {remove.pending ? "Removing…" : "Yes, remove"}
              </button>
              <button type="button" className={ui.secondary} onClick={() => setConfirmRemove(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button
              type="button"
              className={ui.danger}
              disabled={!!controls.remove.locked}
              aria-describedby={controls.remove.locked ? `${titleId}-remove-lock` : undefined}
              onClick={() => setConfirmRemove(true)}
            >
              Remove…
            </button>
          )}
          <LockNote id={`${titleId}-remove-lock`} reason={controls.remove.locked} />
        </form>
      </div>
    </dialog>
  );
}

function LockNote({ id, reason }: { id: string; reason: string | null }) {
  if (!reason) return null;
  return (
    <p id={id} className="flex gap-1.5 text-sm text-slate-600">
      <LockIcon className="mt-0.5 h-3.5 w-3.5 shrink-0" />
      {reason}
    </p>
  );
}
