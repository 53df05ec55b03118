// The server (and what the tests build on it) that a test file shares, set up by vitest hooks.

import { buildTenant, type TenantRows } from '@drift/api/testing';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { buildOwnerMailbox, type OwnerMailbox } from './inbound.ts';
import { BASE_NOW, type StartOptions, startTestServer, type TestServer } from './server.ts';

export interface FixtureOptions {
  /** For startTestServer; a function when they need something that an earlier hook started. */
  start?: StartOptions | (() => StartOptions);
  /** A server (and database) per test rather than one per file. */
  perTest?: boolean;
  /** A fresh tenant before each test, built with these options (`true`: the defaults). */
  tenant?: true | Parameters<typeof buildTenant>[1];
  /** A fresh owner mailbox (with its active session) before each test. */
  mailbox?: boolean;
}

export interface Fixture {
  readonly server: TestServer;
  readonly tenant: TenantRows;
  readonly mailbox: OwnerMailbox;
}

/**
 * Starts a server for the file (or for each test), and before each test sets its clock to
 * BASE_NOW and builds what `options` ask for; a database fault a test switches on ends with it.
 * Call it at the top level of a test file; read the fixture only inside hooks and tests.
 */
export function useTestServer(options: FixtureOptions = {}): Fixture {
  let server: TestServer | undefined;
  let tenant: TenantRows | undefined;
  let mailbox: OwnerMailbox | undefined;

  const start = async () => {
    server = await startTestServer(typeof options.start === 'function' ? options.start() : options.start);
  };
  const close = async () => {
    await server?.close();
    server = undefined;
  };
  if (options.perTest) {
    beforeEach(start);
    afterEach(close);
  } else {
    beforeAll(start);
    afterAll(close);
  }

  beforeEach(async () => {
    const current = ready(server, 'server');
    current.clock.set(BASE_NOW);
    if (options.tenant)
      tenant = await buildTenant(current.prisma, options.tenant === true ? {} : options.tenant);
    if (options.mailbox) mailbox = await buildOwnerMailbox(current);
  });
  afterEach(() => {
    server?.setFault('none');
  });

  return {
    get server() {
      return ready(server, 'server');
    },
    get tenant() {
      return ready(tenant, 'tenant');
    },
    get mailbox() {
      return ready(mailbox, 'mailbox');
    },
  };
}

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined)
    throw new Error(`no ${name}: read it in a test or hook, and ask useTestServer for it`);
  return value;
}

/**
 * A service the file's tests share (a mail server, an SMTP sink), started before them and stopped
 * after. Returns its accessor: call it inside tests and hooks.
 */
export function useFileService<T>(start: () => Promise<T>, stop: (service: T) => Promise<void>): () => T {
  let service: T | undefined;
  beforeAll(async () => {
    service = await start();
  });
  afterAll(async () => {
    if (service !== undefined) await stop(service);
    service = undefined;
  });
  return () => ready(service, 'service');
}
