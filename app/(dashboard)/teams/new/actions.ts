"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { env } from "@/lib/env";
import { createTeam } from "@/lib/teams/create-team";
import { assertMayCreateTeams } from "@/lib/teams/policy";
import { signedInAction } from "../../../_lib/signed-in-action";
import { teamFields } from "./team-fields";


/** Create a team: the signed-in person becomes its owner and lands on its Manage Team page. */
export const createTeamAction = signedInAction({ schema: z.object(teamFields) }, async (ctx, input) => {
  assertMayCreateTeams(env().GATEHOUSE_TEAM_CREATION, "person");
  const { team } = await createTeam(ctx.db, { name: input.name, slug: input.slug, owner: { userId: ctx.user.id, viaPassword: ctx.user.session.method === "password" } }, ctx.actor);
  redirect(`/teams/${team.slug}/members`);
});
