import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { isFirstRun } from "@/lib/teams/first-run";

// The front door: straight to the first team's members, or to sign-in (first-run setup on an empty server).
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect((await isFirstRun(await getDb())) ? "/setup" : "/login");
  redirect(`/teams/${user.memberships[0].team.slug}/members`);
}
