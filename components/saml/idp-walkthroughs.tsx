// Step-by-step setup for the identity providers customers bring most, with this server's values
// filled in. Shown on the setup link page (the customer's IT admin) and the SSO page.
import type { SpUrls } from "@/lib/saml/constants";

function Steps({ items }: { items: React.ReactNode[] }) {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ol>
  );
}

const Code = ({ children }: { children: React.ReactNode }) => <code className="rounded bg-slate-100 px-1 font-mono text-xs break-all">{children}</code>;

/** `token`: where the SCIM token is made, as the page showing this says it ("the token created below"). */
export function IdpWalkthroughs({ urls, scimEndpoint, token = "the token created below" }: { urls: SpUrls; scimEndpoint: string; token?: React.ReactNode }) {
  return (
    <div className="space-y-3">
      <details className="rounded-md border border-slate-200 p-3" data-testid="walkthrough-okta">
        <summary className="cursor-pointer text-sm font-semibold">Okta</summary>
        <div className="mt-2 space-y-3">
          <p className="text-sm font-medium">SAML</p>
          <Steps
            items={[
              <>Admin Console → Applications → Create App Integration → SAML 2.0.</>,
              <>Single sign-on URL: <Code>{urls.acsUrl}</Code> (keep “Use this for Recipient URL and Destination URL” ticked).</>,
              <>Audience URI (SP Entity ID): <Code>{urls.entityId}</Code>.</>,
              <>Name ID format: EmailAddress; Application username: Email. Attribute statements (optional): firstName, lastName, groups.</>,
              <>Finish, then on the Sign On tab copy the “Metadata URL” and add a SAML connection here with it.</>,
            ]}
          />
          <p className="text-sm font-medium">OpenID Connect</p>
          <Steps
            items={[
              <>Create App Integration → OIDC – OpenID Connect → Web Application.</>,
              <>Sign-in redirect URI: the one the OpenID Connect form here shows for your discovery URL; grant type: Authorization Code.</>,
              <>Discovery URL: <Code>https://&lt;your-okta-domain&gt;/.well-known/openid-configuration</Code>; copy the client ID and secret.</>,
            ]}
          />
          <p className="text-sm font-medium">SCIM provisioning</p>
          <Steps
            items={[
              <>General → App Settings → Edit: tick “Enable SCIM provisioning”, Save (the Provisioning tab appears).</>,
              <>
                Provisioning → Integration → Edit: SCIM connector base URL <Code>{scimEndpoint}</Code>; unique identifier field for users: userName; supported
                provisioning actions: Import New Users and Profile Updates, Push New Users, Push Profile Updates, Push Groups; Authentication Mode: HTTP
                Header with {token}. Test Connector Configuration, Save.
              </>,
              <>Provisioning → To App → Edit: enable Create Users, Update User Attributes and Deactivate Users.</>,
              <>Assignments: assign the people or groups to provision; Push Groups: push the groups to map to roles.</>,
            ]}
          />
        </div>
      </details>
      <details className="rounded-md border border-slate-200 p-3" data-testid="walkthrough-entra">
        <summary className="cursor-pointer text-sm font-semibold">Microsoft Entra ID</summary>
        <div className="mt-2 space-y-3">
          <p className="text-sm font-medium">SAML</p>
          <Steps
            items={[
              <>Entra admin center → Enterprise applications → New application → Create your own application (non-gallery).</>,
              <>Single sign-on → SAML → Basic SAML Configuration: Identifier (Entity ID) <Code>{urls.entityId}</Code>, Reply URL (ACS) <Code>{urls.acsUrl}</Code>.</>,
              <>Attributes &amp; Claims: keep the email claim (user.mail) and the name identifier as user.userprincipalname or user.mail.</>,
              <>Copy the “App Federation Metadata Url” and add a SAML connection here with it. Assign the users or groups who may sign in.</>,
            ]}
          />
          <p className="text-sm font-medium">OpenID Connect</p>
          <Steps
            items={[
              <>App registrations → New registration; Redirect URI (Web): the one the OpenID Connect form here shows for your discovery URL.</>,
              <>Certificates &amp; secrets → New client secret. API permissions: openid, email, profile.</>,
              <>Discovery URL: <Code>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0/.well-known/openid-configuration</Code>.</>,
            ]}
          />
          <p className="text-sm font-medium">SCIM provisioning</p>
          <Steps items={[<>Enterprise application → Provisioning → Automatic: Tenant URL <Code>{scimEndpoint}</Code>, Secret Token: {token}.</>]} />
        </div>
      </details>
      <details className="rounded-md border border-slate-200 p-3" data-testid="walkthrough-google">
        <summary className="cursor-pointer text-sm font-semibold">Google Workspace</summary>
        <div className="mt-2 space-y-3">
          <p className="text-sm font-medium">SAML</p>
          <Steps
            items={[
              <>Admin console → Apps → Web and mobile apps → Add app → Add custom SAML app.</>,
              <>On “Google Identity Provider details” download the IdP metadata (you will paste it here).</>,
              <>Service provider details: ACS URL <Code>{urls.acsUrl}</Code>, Entity ID <Code>{urls.entityId}</Code>, Name ID format EMAIL, Name ID Basic Information → Primary email.</>,
              <>Attribute mapping (optional): First name → firstName, Last name → lastName. Turn the app on for the right organisational units.</>,
            ]}
          />
          <p className="text-sm font-medium">OpenID Connect</p>
          <Steps
            items={[
              <>Google Cloud console → APIs &amp; Services → Credentials → Create OAuth client ID (Web application), authorised redirect URI: the one the OpenID Connect form here shows for your discovery URL.</>,
              <>Discovery URL: <Code>https://accounts.google.com/.well-known/openid-configuration</Code>.</>,
            ]}
          />
          <p className="text-sm font-medium">Provisioning</p>
          <p className="text-sm text-slate-700">Google Workspace does not provision custom apps over SCIM; people join at their first sign-in (turn on just-in-time provisioning).</p>
        </div>
      </details>
    </div>
  );
}
