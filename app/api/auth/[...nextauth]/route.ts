import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { isTestCallback } from "@/lib/saml/constants";
import { finishTestRequest } from "../../sso/test/finish-test";

// GET/POST /api/auth/* – next-auth's sign-in, callback, session and sign-out endpoints.
type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  // A connection's "Test sign-in" comes back here (jackson matches redirect URIs by path only) and
  // is finished apart from next-auth, so it never becomes a session.
  if (req.method === "GET" && isTestCallback(new URL(req.url))) return finishTestRequest(req);
  return NextAuth(req as never, { params: await ctx.params } as never, authOptions({ endpoint: true }));
}

export { handler as GET, handler as POST };
