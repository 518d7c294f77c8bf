"use client";

import { FormMessage } from "@/components/form-message";
import { ui } from "@/components/ui";
import { useFormAction } from "@/components/use-form-action";
import { MAPPING_TARGET_LABELS, MAPPING_TARGETS, type MappingTarget } from "@/lib/saml/attribute-dialects";
import { IDLE } from "../../_lib/action-state";
import { saveAttributeMappingAction } from "../connection-actions";

/**
 * One connection's attribute mapping: for each Gatehouse field, the IdP attribute to read it
 * from. Empty fields use the built-in names of every common IdP (the placeholder shows a few).
 */
export function MappingEditor({
  slug,
  clientId,
  mapping,
  syncRoleAndGroups,
  defaults,
}: {
  slug: string;
  clientId: string;
  mapping: Partial<Record<MappingTarget, string>>;
  syncRoleAndGroups: boolean;
  defaults: Record<MappingTarget, string>;
}) {
  const { state, pending, onSubmit } = useFormAction(saveAttributeMappingAction, IDLE, { resetOnSuccess: false });
  return (
    <form onSubmit={onSubmit} aria-label="Attribute mapping" className="space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="clientId" value={clientId} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {MAPPING_TARGETS.map((target) => {
          const id = `map-${clientId.slice(0, 8)}-${target}`;
          return (
            <div key={target} className="space-y-1">
              <label htmlFor={id} className={ui.label}>
                {MAPPING_TARGET_LABELS[target]} attribute
              </label>
              <input id={id} name={target} maxLength={1024} defaultValue={mapping[target] ?? ""} placeholder={defaults[target]} autoComplete="off" className={`${ui.input} font-mono text-xs`} />
            </div>
          );
        })}
      </div>
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" name="syncRoleAndGroups" defaultChecked={syncRoleAndGroups} className="mt-1" />
        <span>
          <span className="font-medium">Update role and groups on every sign-in</span>
          <span className="block text-slate-600">
            A member&apos;s role (from the role attribute, up to Admin) and group memberships follow each assertion, as they would through SCIM, and
            the role is then locked on Manage Team. Owners are never changed by an assertion. Off: they are read only when someone is created.
          </span>
        </span>
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={ui.primary} disabled={pending} aria-busy={pending}>
          {pending ? "Saving…" : "Save mapping"}
        </button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
