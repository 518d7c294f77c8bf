import type { Prisma, PrismaClient } from "../db/generated/client";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export const memberInclude = { user: true } as const;
export type MemberWithUser = Prisma.MembershipGetPayload<{ include: typeof memberInclude }>;
