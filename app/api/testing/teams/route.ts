import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createTestTeam } from "@/lib/testing/create-test-team";

// POST /api/testing/teams – e2e only: a fresh team with an owner (and optional members and SCIM
// token), so every Playwright test starts from its own tenant. Exists only when the server was
// started with GATEHOUSE_TEST_ROUTES=1 (playwright.config.ts); otherwise it is a 404.
const bodySchema = z.object({
  members: z
    .array(
      z.object({
        email: z.email(),
        role: z.enum(["OWNER", "ADMIN", "MEMBER"]).default("MEMBER"),
        deactivated: z.boolean().default(false),
        password: z.boolean().default(true),
        source: z.enum(["MANUAL", "SCIM"]).default("MANUAL"),
      }),
    )
    .max(50)
    .default([]),
  scimToken: z.boolean().default(false),
  // Big-team tests: this many more members, written in bulk.
  bulkMembers: z.number().int().min(0).max(10_000).default(0),
});

export async function POST(req: Request) {
  if (!env().GATEHOUSE_TEST_ROUTES) return new NextResponse("Not found", { status: 404 });
  const parsed = bodySchema.safeParse(await req.json().catch(() => ({})));
  if (!parsed.success) return NextResponse.json({ error: parsed.error.message }, { status: 400 });
  return NextResponse.json(await createTestTeam(await getDb(), parsed.data), { status: 201 });
}
