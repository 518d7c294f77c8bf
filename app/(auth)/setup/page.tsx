import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/lib/db/client";
import { isFirstRun } from "@/lib/teams/first-run";
import { AuthShell } from "@/components/auth-shell";
import { FirstRunForm } from "./first-run-form";

export const metadata: Metadata = { title: "Set up Gatehouse" };

// Reached only while the server has no team (a first start with GATEHOUSE_SEED=false).
export default async function SetupPage() {
  await connection(); // read the database per request, never at build time
  if (!(await isFirstRun(await getDb()))) redirect("/login");
  return (
    <AuthShell title="Set up Gatehouse" lead="Create the first team and your owner account. You can invite everyone else afterwards." wide>
      <FirstRunForm />
    </AuthShell>
  );
}
