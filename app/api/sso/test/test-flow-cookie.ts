import { z } from "zod";
import type { TestVerdict } from "@/lib/saml/test-sign-in";

/** Holds a test sign-in's state and PKCE verifier between start and callback (10 minutes). */
export const TEST_FLOW_COOKIE = "gatehouse_sso_test";
/** Sent to the start route and to next-auth's callback path, where the test comes back. */
export const TEST_FLOW_COOKIE_PATH = "/api";

const flowSchema = z.object({
  state: z.string().min(1).max(200),
  verifier: z.string().min(1).max(200),
  teamId: z.string().min(1).max(64),
  connectionId: z.string().min(1).max(64),
  slug: z.string().min(1).max(100),
});

export function readTestFlow(value: string | undefined) {
  if (!value) return null;
  try {
    const parsed = flowSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Back to the SSO page, at the connection, with what the test showed. */
export function testResultUrl(slug: string, connectionId: string, verdict: TestVerdict): string {
  const q = new URLSearchParams({ connection: connectionId, test: verdict.ok ? "ok" : "failed", ...(!verdict.ok && { why: verdict.message }) });
  return `/teams/${encodeURIComponent(slug)}/sso?${q}#connection-${connectionId}`;
}
