import { accountIdInput } from '@drift/contract';
import type { CoreDeps } from '@drift/core';
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { z } from 'zod';
import { adminProcedure, userProcedure } from '../trpc.ts';

// The procedure shapes the routers repeat: each hands its input to one @drift/core call.
// tRPC cannot resolve its own types for a generic parser, so the resolvers below are cast: the
// signatures of these builders are what ties a core call to its schemas.

type OpenApiRoute = Omit<NonNullable<OpenApiMeta['openapi']>, 'tags' | 'protect'>;

/** A route of the public REST API: listed under its tag, and always behind an API key. */
export function restRoute(tag: string, route: OpenApiRoute): OpenApiMeta {
  return { openapi: { ...route, tags: [tag], protect: true } };
}

/** The signed-in owner reads one of their own resources (dashboard only). */
export function ownerQuery<Output extends z.ZodType>(
  output: Output,
  read: (core: CoreDeps, accountId: string) => Promise<z.input<Output>>,
) {
  return userProcedure.output(output).query(({ ctx }) => read(ctx.core, ctx.accountId) as Promise<never>);
}

/** The signed-in owner changes one of their own resources (dashboard only). */
export function ownerMutation<Input extends z.ZodType, Output extends z.ZodType>(
  input: Input,
  output: Output,
  change: (core: CoreDeps, accountId: string, input: z.output<Input>) => Promise<z.input<Output>>,
) {
  return userProcedure
    .input(input)
    .output(output)
    .mutation(
      ({ ctx, input }) => change(ctx.core, ctx.accountId, input as z.output<Input>) as Promise<never>,
    );
}

/** An operator reads the resource of the account named by `account_id`. */
export function accountQuery<Output extends z.ZodType>(
  output: Output,
  read: (core: CoreDeps, accountId: string) => Promise<z.input<Output>>,
) {
  return adminProcedure
    .input(accountIdInput)
    .output(output)
    .query(({ ctx, input }) => read(ctx.core, input.account_id) as Promise<never>);
}

/** An operator changes an account's resource: `account_id` names the account, the rest is the change. */
export function accountMutation<Input extends z.ZodType<{ account_id: string }>, Output extends z.ZodType>(
  input: Input,
  output: Output,
  change: (
    core: CoreDeps,
    accountId: string,
    change: Omit<z.output<Input>, 'account_id'>,
  ) => Promise<z.input<Output>>,
) {
  return adminProcedure
    .input(input)
    .output(output)
    .mutation(({ ctx, input }) => {
      const { account_id, ...rest } = input as z.output<Input>;
      return change(ctx.core, account_id, rest) as Promise<never>;
    });
}
