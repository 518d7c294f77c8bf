"use client";

import { useState } from "react";

/** A value an IdP admin needs to copy exactly (URLs, entity IDs, TXT records). */
export function CopyValue({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex min-w-0 items-center gap-2">
      <code data-testid={testId} className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-800" title={value}>
        {value}
      </code>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
        className="shrink-0 rounded px-2 py-1 text-xs text-brand-600 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-brand-600/50 focus-visible:outline-none"
        aria-label={`Copy ${label}`}
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}
