import { adminRouter } from './routers/admin.ts';
import { authRouter } from './routers/auth.ts';
import { emailsRouter } from './routers/emails.ts';
import { keysRouter } from './routers/keys.ts';
import { mailRouter } from './routers/mail.ts';
import { mailboxRouter } from './routers/mailbox.ts';
import { playbooksRouter } from './routers/playbooks.ts';
import { rulesRouter } from './routers/rules.ts';
import { sessionsRouter } from './routers/sessions.ts';
import { settingsRouter } from './routers/settings.ts';
import { webhooksRouter } from './routers/webhooks.ts';
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
  mail: mailRouter,
  rules: rulesRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
