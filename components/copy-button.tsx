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
      <button type="button" onClick={copy} className={ui.secondary} aria-label={label}>
        {state === "copied" ? "Copied" : "Copy"}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to the clipboard" : state === "manual" ? "Selected: press Ctrl+C or ⌘C to copy" : ""}
      </span>
    </span>
  );
}
