// The database handle every layer takes: a client, or the transaction a write runs in.
import type { Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
