"use client";

import { useState } from "react";
import { ui } from "./ui";

/**
 * Copies `value` and says so, politely, to screen readers too. Falls back to selecting the text of
 * `targetId` when the Clipboard API is refused (plain http on a LAN address is not a secure context).
 */
export function CopyButton({ value, label, targetId }: { value: string; label: string; targetId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      const el = targetId ? document.getElementById(targetId) : null;
      if (el instanceof HTMLInputElement) {
        el.focus();
        el.select();
      }
      setState("manual");
    }
    setTimeout(() => setState("idle"), 2500);
  }

  return (
    <span className="inline-flex items-center gap-2">
      {/* The visible word stays "Copy" so the name ("Copy token") always contains it (WCAG 2.5.3);
          the check mark shows the copy worked and the status line says so to screen readers. */}
      <button type="button" onClick={copy} className={ui.secondary} aria-label={label}>
        {state === "copied" && (
          <svg aria-hidden viewBox="0 0 16 16" fill="currentColor" className="h-3.5 w-3.5 text-emerald-700">
            <path d="M6.2 11.6 2.6 8l1.1-1.1 2.5 2.5 6.1-6.1L13.4 4.4z" />
          </svg>
        )}
        Copy
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : state === "manual" ? "Selected: press Ctrl+C or ⌘C to copy" : ""}
      </span>
    </span>
  );
}
