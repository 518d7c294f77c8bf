// What the SSO page shows for each connection beside its metadata: the certificate expiry
// warning, the sign-in record (last success, newest refusals in plain words) and the attribute
// mapping editor with a preview built from the last assertion the connection received.
import { ui } from "@/components/ui";
import type { Db } from "@/lib/members/types";
import { dialectNames, MAPPING_TARGET_LABELS, MAPPING_TARGETS, type MappingTarget } from "@/lib/saml/attribute-dialects";
import { mapAssertion } from "@/lib/saml/attribute-mapping";
import { certificateExpiry } from "@/lib/saml/certificate-expiry";
import { ensureConnectionSettings, getConnectionSettings } from "@/lib/saml/connection-settings";
import { listSignInRefusals } from "@/lib/saml/sign-in-record";
import { formatDate, formatDateTime } from "../../_lib/format";
import { MappingEditor } from "./mapping-editor";

const defaults = Object.fromEntries(
  MAPPING_TARGETS.map((t) => {
    const names = dialectNames(t);
    return [t, names.length ? `${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}` : ""];
  }),
) as Record<MappingTarget, string>;

export async function ConnectionExtras({
  db,
  slug,
  teamId,
  connection,
}: {
  db: Db;
  slug: string;
  teamId: string;
  connection: { clientID: string; idpEntityId: string; certificateExpires: Date | null };
}) {
  const clientId = connection.clientID;
  await ensureConnectionSettings(db, { clientId, teamId, idpEntityId: connection.idpEntityId });
  const [settings, refusals] = await Promise.all([getConnectionSettings(db, teamId, clientId), listSignInRefusals(db, teamId, clientId)]);
  const preview = settings.lastAssertion ? mapAssertion(settings.lastAssertion, settings.mapping) : null;
  const expiry = certificateExpiry(connection.certificateExpires);

  return (
    <div className="space-y-6" data-testid="connection-extras" data-client-id={clientId}>
      {(expiry.kind === "expiring" || expiry.kind === "expired") && (
        <p
          role="alert"
          data-testid="certificate-warning"
          className={`rounded-md border px-3 py-2 text-sm ${expiry.kind === "expired" || expiry.urgent ? "border-red-200 bg-red-50 text-red-800" : "border-amber-200 bg-amber-50 text-amber-900"}`}
        >
          {expiry.kind === "expired"
            ? `The IdP's signing certificate expired on ${formatDate(connection.certificateExpires!)}: nobody can sign in through this connection until you load its new metadata.`
            : `The IdP's signing certificate expires in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? "" : "s"} (${formatDate(connection.certificateExpires!)}). Load the IdP's new metadata before then, or people will not be able to sign in. A connection loaded from a metadata URL picks up a rolled-over certificate by itself within a day.`}
        </p>
      )}

      <div data-testid="sign-in-record" className="space-y-2">
        <h3 className="text-sm font-semibold">Sign-in record</h3>
        <p className="text-sm text-slate-600">
          {settings.lastSignInAt
            ? `Last successful sign-in: ${settings.lastSignInEmail ?? "someone"}, ${formatDateTime(settings.lastSignInAt)}.`
            : "No successful sign-in through this connection yet."}
        </p>
        {refusals.length > 0 && (
          <details className="rounded-md border border-slate-200">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium">Refused sign-ins ({refusals.length}, newest first)</summary>
            <ul className="divide-y divide-slate-100 text-sm" data-testid="refusal-list">
              {refusals.map((r) => (
                <li key={r.id} className="px-3 py-2" data-reason={r.reason}>
                  <span className="text-slate-500">{formatDateTime(r.createdAt)}</span> — {r.message}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>

      <div className="space-y-3">
        <h3 className="text-sm font-semibold">Attribute mapping</h3>
        <p className="text-sm text-slate-600">
          Gatehouse understands the usual names of Okta, Entra ID, ADFS, Google, LDAP (<code>mail</code>, <code>givenName</code>, <code>sn</code>),
          urn:oid and eduPerson out of the box. Name an attribute here only when your IdP uses another one; it is then the only source for that field.
          When the NameID is not an email address, the email is taken from the email attribute.
        </p>
        <MappingEditor slug={slug} clientId={clientId} mapping={settings.mapping} syncRoleAndGroups={settings.syncRoleAndGroups} defaults={defaults} />
        <div data-testid="mapping-preview" className="space-y-2">
          <h4 className="text-sm font-semibold">Preview: the last assertion</h4>
          {preview && settings.lastAssertion ? (
            <>
              <p className="text-xs text-slate-500">
                Received {settings.lastAssertionAt ? formatDateTime(settings.lastAssertionAt) : ""}; NameID <code>{settings.lastAssertion.nameId ?? "(none)"}</code>.
                Only the attributes are kept, not the assertion itself.
              </p>
              <div className="overflow-x-auto rounded-md border border-slate-200">
                <table className="min-w-full divide-y divide-slate-200 text-sm">
                  <thead className="bg-slate-50">
                    <tr>
                      <th className={ui.th}>Gatehouse field</th>
                      <th className={ui.th}>From attribute</th>
                      <th className={ui.th}>Sent</th>
                      <th className={ui.th}>Gatehouse sets</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {preview.rows
                      .filter((r) => r.source || r.target === "email" || settings.mapping[r.target])
                      .map((r) => (
                        <tr key={r.target} data-testid="preview-row" data-target={r.target}>
                          <td className={ui.td}>{MAPPING_TARGET_LABELS[r.target]}</td>
                          <td className={`${ui.td} font-mono text-xs break-all`}>{r.source ?? "—"}</td>
                          <td className={`${ui.td} break-all`}>{r.sent.join(", ") || "—"}</td>
                          <td className={ui.td}>
                            {r.result ?? <span className="text-slate-500">nothing</span>}
                            {r.note && <span className="block text-xs text-amber-800">{r.note}</span>}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
              {Object.keys(settings.lastAssertion.attributes).length > 0 && (
                <details className="text-xs text-slate-600">
                  <summary className="cursor-pointer">Every attribute sent</summary>
                  <ul className="mt-1 space-y-0.5 font-mono">
                    {Object.entries(settings.lastAssertion.attributes).map(([name, values]) => (
                      <li key={name} className="break-all">
                        {name} = {values.join(", ")}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          ) : (
            <p className="text-sm text-slate-500">No assertion received yet. Sign in once through this connection (“Test connection”) to see what your IdP sends.</p>
          )}
        </div>
      </div>
    </div>
  );
}
