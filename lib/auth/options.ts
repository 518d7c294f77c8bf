import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db/client";
import { authSecret } from "../env";
import { recordSignIn } from "../members/record-sign-in";
import { verifyCredentials } from "./verify-credentials";

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

// Built on demand rather than at import: `next build` loads this module and must not touch
// ./data (the embedded database belongs to the running server).
export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    // A JWT holds only the user id; the database is asked on every request whether that person
    // still has an active membership (lib/auth/current-user.ts), so deactivation ends sessions at once.
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) throw new Error("invalid");
          const db = await getDb();
          const result = await verifyCredentials(db, parsed.data.email, parsed.data.password);
          if (!result.ok) throw new Error(result.reason);
          await recordSignIn(db, result.user.id, "password");
          return result.user;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}
