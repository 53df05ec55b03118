import type { TRPCError } from '@trpc/server';
import type { Context } from './context.ts';
import { restErrorOf } from './errors.ts';

/** Shared by the REST and tRPC adapters: our status codes and the headers procedures collected. */
export function responseMetaFor({
  ctx,
  errors,
}: {
  ctx?: Context | undefined;
  errors: readonly TRPCError[];
}): {
  status?: number;
  headers: Record<string, string>;
} {
  const headers = ctx?.response.headers ?? {};
  const [error] = errors;
  if (error) return { status: restErrorOf(error).status, headers };
  return ctx?.response.status ? { status: ctx.response.status, headers } : { headers };
}
