"use client";

import { useEffect } from "react";
import { SESSION_MARKER_COOKIE } from "@/lib/auth/sign-in-again";

// A browser that has been signed in here says so with this cookie, so that when its session
// cookie is gone (it expires with the session) the sign-in page can still say "your session
// ended" instead of a bare form (lib/auth/sign-in-again.ts). It only chooses that wording: it
// grants nothing. Signing out clears it.

export function SessionMarker() {
  useEffect(() => {
    document.cookie = `${SESSION_MARKER_COOKIE}=1; path=/; max-age=${60 * 60 * 24 * 365}; SameSite=Lax`;
  }, []);
  return null;
}

export function clearSessionMarker() {
  document.cookie = `${SESSION_MARKER_COOKIE}=; path=/; max-age=0; SameSite=Lax`;
}
