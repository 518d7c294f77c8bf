// Who Require SSO would affect, shown next to the switch before an admin turns it on.
import type { EnforcementPreview, PreviewMember } from "@/lib/saml/enforcement-preview";

function People({ title, people, testId, empty }: { title: string; people: PreviewMember[]; testId: string; empty: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="text-sm font-medium">
        {title} ({people.length})
      </h3>
      {people.length ? (
        <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
          {people.slice(0, 50).map((p) => (
            <li key={p.email}>
              {p.name ? `${p.name} <${p.email}>` : p.email}
            </li>
          ))}
          {people.length > 50 && <li>… and {people.length - 50} more</li>}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-500">{empty}</p>
      )}
    </div>
  );
}

export function RequireSsoPreview({ preview }: { preview: EnforcementPreview }) {
  return (
    <section aria-label="Who the sign-in rule would affect" data-testid="require-sso-preview" className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-4">
      <People title="Would lose password sign-in (and be signed out where they signed in with it)" people={preview.losePassword} testId="preview-lose-password" empty="Nobody: no member on a verified domain signs in with a password." />
      <People title="Outside every verified domain (SSO cannot reach them; they keep their password)" people={preview.outsideDomains} testId="preview-outside" empty="Nobody." />
      <People title="Owners keep their password as the way back in" people={preview.ownersKeepPassword} testId="preview-owners" empty="No owner on a verified domain." />
    </section>
  );
}
