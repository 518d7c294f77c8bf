"use client";

import { signOut } from "next-auth/react";
import { clearSessionMarker } from "./session-marker";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => {
        clearSessionMarker();
        void signOut({ callbackUrl: "/login" });
      }}
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-brand-600/50 focus-visible:outline-none"
    >
      Sign out
    </button>
  );
}
