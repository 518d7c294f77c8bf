import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";

// The front door: straight to the first team's members, or to sign-in.
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  redirect(`/teams/${user.memberships[0].team.slug}/members`);
}
