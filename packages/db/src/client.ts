// The generated Prisma client, re-exported so that other packages never import generated files.
export {
  type Account,
  type ApiKey,
  type AppState,
  type AutoReply,
  type Email,
  type EmailCategory,
  type IdempotencyKey,
  type MailboxConnection,
  type OooSession,
  type Plan,
  type Playbook,
  Prisma,
  PrismaClient,
  type User,
  type WebSession,
} from './generated/prisma/client.ts';
