import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";

// POST /api/testing/invitations – e2e only: ages a team's invitation for an address past its
// expiry, so the expired-link page can be tested without waiting 7 days. 404 unless the server
// runs with GATEHOUSE_TEST_ROUTES=1 (playwright.config.ts).
const bodySchema = z.object({ teamId: z.uuid(), email: z.email() });

export async function POST(req: Request) {
  if (!env().GATEHOUSE_TEST_ROUTES) return new NextResponse("Not found", { status: 404 });
  const parsed = bodySchema.safeParse(await req.json().catch(() => ({})));
  if (!parsed.success) return NextResponse.json({ error: parsed.error.message }, { status: 400 });
  const db = await getDb();
  const { count } = await db.invitation.updateMany({
    where: { teamId: parsed.data.teamId, emailNormalized: parsed.data.email.toLowerCase(), acceptedAt: null, revokedAt: null },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  return NextResponse.json({ expired: count });
}
