import { adminRouter } from './routers/admin.ts';
import { authRouter, keysRouter, mailboxRouter, settingsRouter } from './routers/dashboard.ts';
import { emailsRouter } from './routers/emails.ts';
import { playbooksRouter } from './routers/playbooks.ts';
import { sessionsRouter } from './routers/sessions.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  sessions: sessionsRouter,
  emails: emailsRouter,
  playbooks: playbooksRouter,
  admin: adminRouter,
  auth: authRouter,
  keys: keysRouter,
  settings: settingsRouter,
  mailbox: mailboxRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
