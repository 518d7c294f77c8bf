// The few Okta settings that matter, in Okta's own words, next to the endpoint and token they need.
const SETTINGS: [string, string][] = [
  ["SCIM connector base URL", "the Endpoint above"],
  ["Unique identifier field for users", "userName (the person's email)"],
  ["Authentication Mode", "HTTP Header, with the token above as the Bearer token"],
  ["Supported provisioning actions", "Push New Users, Push Profile Updates, Push Groups"],
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
        In your Okta app: Provisioning → Integration → Edit, &ldquo;Enable API integration&rdquo; (or SCIM provisioning), then set:
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
        Click &ldquo;Test Connector Configuration&rdquo;, save, then assign people or groups. Groups pushed with Push Groups appear under Groups,
        where you can map them to a role. Deactivated people keep their role and cannot sign in until Okta reactivates them.
      </p>
    </section>
  );
}
