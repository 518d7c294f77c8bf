import type { Prisma } from "../db/generated/client";

export type { Db, Tx } from "../db/types";

// A member is read with their person less the password hash: nothing that handles members (SCIM
// answers, the team pages, the request log) has a use for it, so it cannot leak through them.
export const memberInclude = { user: { omit: { passwordHash: true } } } as const;
export type MemberWithUser = Prisma.MembershipGetPayload<{ include: typeof memberInclude }>;
/** The person behind a membership, as a member carries them: no password hash. */
export type Person = MemberWithUser["user"];
