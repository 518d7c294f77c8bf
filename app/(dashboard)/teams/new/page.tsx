import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { mayCreateTeams } from "@/lib/teams/policy";
import { ui } from "@/components/ui";
import { PersonalPage } from "../../_components/app-header";
import { CreateTeamForm } from "./create-team-form";

export const metadata: Metadata = { title: "Create a team" };

export default async function NewTeamPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login?callbackUrl=%2Fteams%2Fnew");
  const allowed = mayCreateTeams(env().GATEHOUSE_TEAM_CREATION, "person");
  return (
    <PersonalPage user={user}>
      <h1 className="text-2xl font-semibold">Create a team</h1>
      <p className="mt-1 text-sm text-slate-600">You become its owner. You can invite people once it exists.</p>
      <div className={`${ui.card} mt-6 p-6`}>
        {allowed ? (
          <CreateTeamForm />
        ) : (
          <p className="text-sm text-slate-700">On this server only the operator creates teams. Ask them to run <code>npm run team -- create</code>.</p>
        )}
      </div>
    </PersonalPage>
  );
}
