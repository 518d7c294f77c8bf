// The few Okta settings that matter, in Okta's own words, next to the endpoint and token they need.
const SETTINGS: [string, string][] = [
  ["SCIM connector base URL", "the Endpoint above"],
  ["Unique identifier field for users", "userName (the person's email); email works too"],
  ["Authentication Mode", "HTTP Header, with the token above as the Bearer token"],
  ["Supported provisioning actions", "Import New Users and Profile Updates, Push New Users, Push Profile Updates, Push Groups"],
  ["To App (provisioning)", "enable Create Users, Update User Attributes and Deactivate Users"],
  ["Sign On → Application username format", "Email"],
];

export function OktaGuide() {
  return (
    <section aria-labelledby="okta-guide-heading" className="max-w-3xl rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h3 id="okta-guide-heading" className="text-sm font-semibold text-slate-800">
        How to connect Okta
      </h3>
      <p className="mt-1 text-sm text-slate-600">
        In your Okta app: first General → App Settings → Edit, tick &ldquo;Enable SCIM provisioning&rdquo; and save (a SAML app has no
        Provisioning tab until then). Then Provisioning → Integration → Edit, and set:
      </p>
      <dl className="mt-3 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {SETTINGS.map(([setting, value]) => (
          <div key={setting} className="contents">
            <dt className="font-medium text-slate-700">{setting}</dt>
            <dd className="text-slate-600">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm text-slate-600">
        Click &ldquo;Test Connector Configuration&rdquo;, save, then assign people or groups (Assignments), and push groups (Push Groups). To link the members you already have, use the
        Import tab&rsquo;s &ldquo;Import Now&rdquo; and confirm the matches; from then on Okta manages them. Groups pushed with Push Groups appear
        under Groups, where you can map them to a role. Deactivated people keep their role and cannot sign in until Okta reactivates them.
      </p>
      <p className="mt-2 text-sm text-slate-600">
        To set roles from Okta, add a <code>role</code> attribute in the Profile Editor with the external namespace{" "}
        <code className="break-all">urn:ietf:params:scim:schemas:extension:gatehouse:2.0:User</code> and the values owner, admin or member,
        then map it under To App → Attribute Mappings (the README has the steps).
      </p>
    </section>
  );
}
