import Link from "next/link";
import { Disclosure } from "@/components/disclosure";
import { ui } from "@/components/ui";
import { ScimDetails } from "./scim-details";

// DOMAIN ACCESS & SSO: the section customer guides send admins to ("click Show SCIMv2 Details").
// SAML is configured on its own page; SCIM's endpoint, tokens and the Okta steps are revealed here.
export function DomainAccessSection({ slug, canManageScim, canManageSaml }: { slug: string; canManageScim: boolean; canManageSaml: boolean }) {
  return (
    <section aria-labelledby="domain-access-heading" className={`${ui.card} p-5 sm:p-6`}>
      <h2 id="domain-access-heading" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
        Domain access &amp; SSO
      </h2>
      <p className="mt-2 max-w-3xl text-sm text-slate-600">
        Connect your identity provider: SAML lets people sign in with it, SCIM (System for Cross-domain Identity Management) creates, updates and
        deactivates members here as you assign them there.
      </p>
      <div className="mt-4 flex flex-wrap items-start gap-x-6 gap-y-4">
        {canManageSaml && (
          <Link href={`/teams/${slug}/sso`} className={ui.secondary}>
            Configure SAML single sign-on
          </Link>
        )}
      </div>
      <div className="mt-4">
        {canManageScim ? (
          <Disclosure showLabel="Show SCIMv2 Details" hideLabel="Hide SCIMv2 Details">
            <ScimDetails slug={slug} />
          </Disclosure>
        ) : (
          <p className="text-sm text-slate-600">Only owners and admins can see provisioning details and manage SSO.</p>
        )}
      </div>
    </section>
  );
}
