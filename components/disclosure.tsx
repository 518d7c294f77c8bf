"use client";

import { useEffect, useId, useState } from "react";
import { ui } from "./ui";

/**
 * A button that shows and hides server-rendered content (WAI-ARIA disclosure pattern). The content
 * is in the page from the start, hidden, so opening it costs no request and no layout jump above it.
 */
export function Disclosure({
  showLabel,
  hideLabel,
  children,
  defaultOpen = false,
  openOnHash,
}: {
  showLabel: string;
  hideLabel: string;
  children: React.ReactNode;
  defaultOpen?: boolean;
  /** Opens when the address ends in #<openOnHash>, so the content has an address of its own. */
  openOnHash?: string;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  useEffect(() => {
    if (!openOnHash) return;
    const follow = () => {
      if (window.location.hash === `#${openOnHash}`) setOpen(true);
    };
    follow();
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [openOnHash]);
  return (
    <div>
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} className={ui.secondary}>
        <span aria-hidden className={`inline-block transition-transform ${open ? "rotate-90" : ""}`}>
          ›
        </span>
        {open ? hideLabel : showLabel}
      </button>
      <div id={id} hidden={!open} className="mt-4">
        {children}
      </div>
    </div>
  );
}
