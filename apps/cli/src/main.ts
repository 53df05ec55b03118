#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { TRPCClientError } from '@trpc/client';
import { createDriftClient } from './client.ts';
import { CommandError, UsageError } from './command.ts';
import { COMMANDS } from './commands.ts';
import { loadCliConfig } from './config.ts';
import { createOutput } from './output.ts';

const HELP = `Usage: pnpm drift <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.usage}`)
  .join('\n')}

Talks to the running server (DRIFT_URL, else http://127.0.0.1:$PORT) with the admin token from
DRIFT_ADMIN_TOKEN or $DRIFT_DATA_DIR/admin-token (default ./.drift/admin-token).`;

class MissingAdminTokenError extends Error {}

interface Failure {
  code: string;
  message: string;
  exitCode: number;
}

function failureOf(error: unknown, serverUrl: string): Failure {
  if (error instanceof UsageError)
    return { code: 'USAGE_ERROR', message: `${error.message}\n\n${HELP}`, exitCode: 2 };
  if (error instanceof CommandError) return { code: error.code, message: error.message, exitCode: 1 };
  if (error instanceof MissingAdminTokenError)
    return { code: 'NO_ADMIN_TOKEN', message: error.message, exitCode: 1 };
  if (error instanceof TRPCClientError) {
    const data = error.data as { driftCode?: string } | undefined;
    if (data?.driftCode) return { code: data.driftCode, message: error.message, exitCode: 1 };
    return {
      code: 'SERVER_UNREACHABLE',
      message: `Cannot reach the Drift server at ${serverUrl} (${error.message}). Start it with \`pnpm start\` or set DRIFT_URL.`,
      exitCode: 1,
    };
  }
  return {
    code: 'INTERNAL_ERROR',
    message: error instanceof Error ? error.message : String(error),
    exitCode: 1,
  };
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const config = loadCliConfig();
  try {
    const words = argv.filter((arg) => !arg.startsWith('-')).slice(0, 2);
    const name = words.join(' ');
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(json ? `${JSON.stringify({ usage: HELP })}\n` : `${HELP}\n`);
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`Unknown command: ${name || argv.join(' ')}`);
    const rest = argv.slice(argv.indexOf(words[1] ?? '') + 1);
    const { values, positionals } = parseArgs({
      args: rest,
      options: Object.fromEntries([
        ['json', { type: 'boolean' }],
        ...command.flags.map((flag) => [flag, { type: 'string' }]),
        ...(command.switches ?? []).map((flag) => [flag, { type: 'boolean' }]),
      ]),
      allowPositionals: true,
      strict: true,
    }).valueOf() as { values: Record<string, string | boolean | undefined>; positionals: string[] };
    if (!config.adminToken) {
      throw new MissingAdminTokenError(
        `No admin token: set DRIFT_ADMIN_TOKEN or start the server once so that it writes ${config.adminTokenPath}`,
      );
    }
    const flags = Object.fromEntries(
      Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const switches = Object.fromEntries(
      Object.entries(values).filter(
        (entry): entry is [string, boolean] => entry[0] !== 'json' && typeof entry[1] === 'boolean',
      ),
    );
    await command.run(
      createDriftClient(config.serverUrl, config.adminToken),
      { positionals, flags, switches },
      createOutput(json),
    );
    return 0;
  } catch (error) {
    const failure =
      error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
        ? failureOf(new UsageError(error.message), config.serverUrl)
        : failureOf(error, config.serverUrl);
    process.stderr.write(
      json
        ? `${JSON.stringify({ error: { message: failure.message, code: failure.code } })}\n`
        : `error: ${failure.message}\n`,
    );
    return failure.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
