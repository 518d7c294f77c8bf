"use server";

import { z } from "zod";
import { plainText } from "@/lib/plain-text";
import { systemActor } from "@/lib/audit/actor";
import { createTeam } from "@/lib/teams/create-team";
import { success } from "../../(dashboard)/teams/[slug]/_lib/action-state";
import { publicAction } from "../../_lib/signed-in-action";
import { teamFields } from "../../(dashboard)/teams/new/team-fields";

export type FirstTeam = { slug: string; email: string };

/**
 * The first-run page: creates the first team and its owner, only while the server has no team at
 * all (checked inside the transaction), so it is no way in once the server is in use.
 */
export const createFirstTeamAction = publicAction(
  {
    schema: z.object({
      ...teamFields,
      ownerName: plainText().trim().min(1, "Enter your name.").max(200),
      email: plainText().trim().min(1, "Enter your email address.").max(320).pipe(z.email({ message: "Enter a valid email address." })),
      password: z.string().min(8, "Choose a password of at least 8 characters.").max(1024),
    }),
  },
  async (db, input) => {
    const { team, owner } = await createTeam(
      db,
      { name: input.name, slug: input.slug, owner: { email: input.email, name: input.ownerName, password: input.password } },
      systemActor("first-run setup"),
      { onlyIfNoTeam: true },
    );
    return success<FirstTeam>(`Team “${team.name}” created. Signing you in…`, { slug: team.slug, email: owner.user.email });
  },
);
