import Link from "next/link";
import type { ScimRequestItem } from "@/lib/audit/list-audit";
import { ui } from "@/components/ui";
import { formatDateTime } from "../../_lib/format";
import { failureReason, prettyBody, tokenLabel } from "../_lib/scim-request-text";

const tone = (status: number) => (status >= 500 ? "bg-red-50 text-red-700" : status >= 400 ? "bg-amber-50 text-amber-800" : "bg-emerald-50 text-emerald-700");

/**
 * The SCIM request log, newest first: one line per request saying what failed and why; the line
 * opens (a native disclosure, so keyboard and screen readers work as usual) onto the token, the
 * member and the masked request and response bodies.
 */
export function ScimRequestsTable({ slug, requests, empty }: { slug: string; requests: ScimRequestItem[]; empty: string }) {
  if (requests.length === 0) return <p className="px-4 py-12 text-center text-sm text-slate-500">{empty}</p>;
  return (
    <ol aria-label="SCIM requests, newest first" className="divide-y divide-slate-100">
      {requests.map((r) => {
        const reason = failureReason(r);
        const request = prettyBody(r.requestBody);
        const response = prettyBody(r.responseBody);
        return (
          <li key={r.id}>
            <details data-testid="scim-request-row" data-status={r.status} className="group">
              <summary className={`flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-3 text-sm hover:bg-slate-50 ${ui.focus}`}>
                <time dateTime={r.createdAt.toISOString()} className="whitespace-nowrap text-slate-600">
                  {formatDateTime(r.createdAt)}
                </time>
                <span className="font-mono text-xs">{r.method}</span>
                <span className="min-w-0 flex-1 font-mono text-xs break-all">{r.path}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium tabular-nums ${tone(r.status)}`}>{r.status}</span>
                <span className="whitespace-nowrap text-xs text-slate-600 tabular-nums">{r.durationMs} ms</span>
                {reason && <span className="basis-full text-sm text-red-800">{reason}</span>}
              </summary>
              <div className="space-y-3 bg-slate-50 px-4 py-3 text-sm">
                <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr]">
                  <dt className="text-slate-500">Token</dt>
                  <dd className="break-all">{tokenLabel(r)}</dd>
                  {r.status >= 400 && (
                    <>
                      <dt className="text-slate-500">Error</dt>
                      <dd className="break-words">
                        {r.scimType && <code className="mr-2 rounded bg-white px-1">{r.scimType}</code>}
                        {r.errorDetail ?? `HTTP ${r.status}`}
                      </dd>
                    </>
                  )}
                  <dt className="text-slate-500">User agent</dt>
                  <dd className="break-words">{r.userAgent ?? "—"}</dd>
                  {r.memberId && (
                    <>
                      <dt className="text-slate-500">Member</dt>
                      <dd>
                        <Link href={`/teams/${slug}/audit/member/${r.memberId}`} className={ui.link}>
                          Provisioning timeline
                        </Link>
                      </dd>
                    </>
                  )}
                </dl>
                <Body label="Request body" text={request} />
                <Body label="Response body" text={response} />
                <p className="text-xs text-slate-500">Passwords and tokens are removed; names and email addresses show their first character and a tag that is the same for the same value.</p>
              </div>
            </details>
          </li>
        );
      })}
    </ol>
  );
}

function Body({ label, text }: { label: string; text: string | null }) {
  return (
    <div>
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</h4>
      {text ? (
        <pre tabIndex={0} aria-label={label} className={`mt-1 max-h-80 overflow-auto rounded-md border border-slate-200 bg-white p-2 font-mono text-xs whitespace-pre-wrap break-all ${ui.focus}`}>
          {text}
        </pre>
      ) : (
        <p className="mt-1 text-slate-500">None</p>
      )}
    </div>
  );
}
