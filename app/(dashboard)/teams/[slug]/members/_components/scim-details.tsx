import { originAdvice } from "@/lib/public-url/request-origin";
import { getTeamContext } from "@/lib/auth/team-context";
import { listScimTokens } from "@/lib/scim-tokens/list-tokens";
import { CopyButton } from "@/components/copy-button";
import { OriginWarnings } from "@/components/origin-warnings";
import { ui } from "@/components/ui";
import { GenerateTokenForm } from "./generate-token-form";
import { OktaGuide } from "./okta-guide";
import { TokenTable } from "./token-table";

/** What an IdP needs to provision into this team: the SCIM base URL and a bearer token. */
export async function ScimDetails({ slug }: { slug: string }) {
  const { db, team } = await getTeamContext(slug);
  const tokens = await listScimTokens(db, team.id);
  // APP_URL when set; otherwise the address this admin is using, which is what the IdP needs if anything.
  const advice = await originAdvice({ followBrowser: true });
  const endpoint = `${advice.shown}/api/scim/v2`;
  return (
    <div className="space-y-6">
      <div>
        <label htmlFor="scim-endpoint" className={ui.label}>
          Endpoint
        </label>
        <p id="scim-endpoint-help" className="text-sm text-slate-600">
          The SCIM 2.0 base URL (Okta: &ldquo;SCIM connector base URL&rdquo;).
        </p>
        <div className="mt-1 flex max-w-2xl gap-2">
          <input id="scim-endpoint" readOnly value={endpoint} aria-describedby="scim-endpoint-help" className={`${ui.input} font-mono`} />
          <CopyButton value={endpoint} label="Copy endpoint" targetId="scim-endpoint" />
        </div>
        <div className="mt-2">
          <OriginWarnings advice={advice} id="scim-endpoint-warnings" />
        </div>
      </div>

      <div className="space-y-3">
        <h3 className="text-sm font-medium text-slate-700">Token</h3>
        <p className="max-w-3xl text-sm text-slate-600">
          The IdP sends it as <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code>. To replace a token without a
          gap, choose <strong>Rotate</strong> on its row: the new one is shown once and the old one keeps working for the time you
          pick, long enough to paste the new one into your IdP. A token acts with its creator&rsquo;s authority: one an admin generates
          provisions admins and members, but cannot grant the Owner role or change, deactivate or remove an owner.
        </p>
        <GenerateTokenForm slug={slug} />
        <TokenTable slug={slug} tokens={tokens} />
      </div>

      <OktaGuide />
    </div>
  );
}
