"use client";

import { useId } from "react";
import { CopyButton } from "@/components/copy-button";
import { ui } from "@/components/ui";

/** The accept link of an invitation that was not emailed: shown once, to copy. */
export function InvitationLink({ email, link }: { email: string; link: string }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={ui.label}>
        Invitation link for {email}
      </label>
      <div className="flex gap-2">
        <input id={id} readOnly value={link} className={`${ui.input} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={link} label={`Copy the invitation link for ${email}`} targetId={id} />
      </div>
      <p className="text-xs text-slate-500">It works once and only for {email}; it is not shown again (use Resend for a new one).</p>
    </div>
  );
}
