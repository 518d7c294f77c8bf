import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// GET/POST /api/auth/* – next-auth's sign-in, callback, session and sign-out endpoints.
type Ctx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: Ctx) {
  return NextAuth(req as never, { params: await ctx.params } as never, authOptions());
}

export { handler as GET, handler as POST };
