"use client";

import { useState } from "react";

/** Either paste the IdP's metadata XML or give the URL it is published at. */
export function MetadataFields({ defaultUrl, idPrefix = "" }: { defaultUrl?: string | null; idPrefix?: string }) {
  const [mode, setMode] = useState<"xml" | "url">(defaultUrl ? "url" : "xml");
  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">How to provide the IdP metadata</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="xml" checked={mode === "xml"} onChange={() => setMode("xml")} />
          Paste metadata XML
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" value="url" checked={mode === "url"} onChange={() => setMode("url")} />
          Metadata URL
        </label>
      </fieldset>
      {mode === "xml" ? (
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}metadataXml`} className="block text-sm font-medium text-slate-700">
            IdP metadata XML
          </label>
          <textarea
            id={`${idPrefix}metadataXml`}
            name="metadataXml"
            // The action's limit (app/_lib/sso-config-actions.ts): a longer paste is cut here, and
            // the server still says the metadata is too large (over 1,000,000 characters).
            maxLength={1_001_000}
            rows={8}
            spellCheck={false}
            placeholder='<md:EntityDescriptor entityID="…">…'
            className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
          />
        </div>
      ) : (
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}metadataUrl`} className="block text-sm font-medium text-slate-700">
            IdP metadata URL
          </label>
          <input
            id={`${idPrefix}metadataUrl`}
            name="metadataUrl" maxLength={2000}
            type="url"
            defaultValue={defaultUrl ?? ""}
            placeholder="https://idp.example.com/app/…/sso/saml/metadata"
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-600/30 focus:outline-none"
          />
        </div>
      )}
    </div>
  );
}
