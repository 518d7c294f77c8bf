import type { OriginAdvice } from "@/lib/public-url/origin-advice";
import { originWarnings } from "@/lib/public-url/origin-advice";

/** Why an IdP may not reach the URLs shown above it (lib/public-url/origin-advice.ts); nothing when all is well. */
export function OriginWarnings({ advice, id }: { advice: OriginAdvice; id?: string }) {
  const warnings = originWarnings(advice);
  if (warnings.length === 0) return null;
  return (
    <div id={id} data-testid="origin-warnings" className="max-w-3xl space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {warnings.map((w) => (
        <p key={w}>{w}</p>
      ))}
    </div>
  );
}
