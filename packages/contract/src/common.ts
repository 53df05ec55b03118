import { EMAIL_CATEGORIES, SESSION_STATUSES } from '@drift/domain/browser';

export {
  EMAIL_CATEGORIES,
  type EmailCategory,
  PLANS,
  type Plan,
  SCOPES,
  type Scope,
  SESSION_STATUSES,
  type SessionStatus,
} from '@drift/domain/browser';

import { z } from 'zod';
import { ID_MAX_LENGTH } from './limits.ts';

export const timestamp = z.iso.datetime().meta({ example: '2026-03-20T00:00:00.000Z' });

/** ISO 8601 date-time with `Z` or an offset; a bare date means midnight UTC. */
export const isoDateInput = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be an ISO 8601 date-time such as 2026-03-20T00:00:00.000Z',
  })
  .transform((value) => new Date(value));

/**
 * trpc-to-openapi would coerce query strings with `Number()`, accepting `0x10` or `1e1`; a pipe is
 * left alone by it, so REST strings are parsed here, strictly: decimal digits only.
 */
const strictInteger = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** The preprocess pipe hides the default from the OpenAPI generator, so it is put back here. */
const withDefault =
  (value: number) =>
  ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
    jsonSchema.default = value;
  };

function limitSchema(defaultLimit: number) {
  const message = 'limit must be an integer between 1 and 100';
  const limit = z
    .number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(100, { error: message });
  return z
    .preprocess(strictInteger, limit)
    .default(defaultLimit)
    .meta({
      description: `Results per page (max 100, default ${defaultLimit})`,
      override: withDefault(defaultLimit),
    });
}

// Postgres OFFSET beyond int4 is pointless here and some drivers reject it, so the bound is explicit.
const OFFSET_MAX = 2_147_483_647;
const offsetMessage = `offset must be an integer between 0 and ${OFFSET_MAX}`;
const offsetSchema = z
  .preprocess(
    strictInteger,
    z
      .number({ error: offsetMessage })
      .int({ error: offsetMessage })
      .min(0, { error: offsetMessage })
      .max(OFFSET_MAX, { error: offsetMessage }),
  )
  .default(0)
  .meta({ description: 'Number of results to skip', override: withDefault(0) });

export function pageQuery(defaultLimit: number) {
  return { limit: limitSchema(defaultLimit), offset: offsetSchema };
}

export const paginationSchema = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
});

/**
 * The query of a list that also pages by cursor (Stripe's `starting_after`): a page after a given
 * row costs the same at any depth, where an offset makes the database walk every skipped row.
 */
export function cursorPageQuery(defaultLimit: number, example: string) {
  return {
    ...pageQuery(defaultLimit),
    // The meta goes on the inner schema: on the optional it would not reach the query parameter.
    starting_after: idSchema
      .meta({
        description:
          "Cursor: the id of a row of this list (usually the previous page's `next_starting_after`); the page holds the rows after it, under the same filters. Replaces `offset`: giving both is a 400.",
        example,
      })
      .optional(),
  };
}

export const STARTING_AFTER_WITH_OFFSET = 'starting_after cannot be combined with a non-zero offset';

/** A non-zero offset and a cursor name two different starting points: the client must pick one. */
export function oneStartingPoint(
  input: { offset: number; starting_after?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (input.starting_after !== undefined && input.offset !== 0) {
    ctx.addIssue({ code: 'custom', path: ['starting_after'], message: STARTING_AFTER_WITH_OFFSET });
  }
}

/** The pagination block of a list that pages by cursor too. */
export const cursorPaginationSchema = paginationSchema.extend({
  offset: z.number().int().nullable().meta({
    description:
      'Rows skipped before this page; null on a page read with `starting_after` (its position is not counted)',
  }),
  next_starting_after: z.string().nullable().meta({
    description: 'Pass as `starting_after` to read the next page; null when `has_more` is false',
  }),
});

export function cursorListOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), pagination: cursorPaginationSchema });
}

export const sessionStatusSchema = z.enum(SESSION_STATUSES, {
  error: `status must be one of: ${SESSION_STATUSES.join(', ')}`,
});
export const emailCategorySchema = z.enum(EMAIL_CATEGORIES, {
  error: `category must be one of: ${EMAIL_CATEGORIES.join(', ')}`,
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), pagination: paginationSchema });
}

/** An id in a path or a filter: bounded, so a megabyte of "id" is a 400, not a query. */
export const idSchema = z.string().min(1).max(ID_MAX_LENGTH);

/** Filter by OOO session, as the list endpoints take it. */
export const sessionFilter = idSchema.optional().meta({ description: 'Filter by OOO session' });

export const emailAddress = z.email({ error: 'must be an email address' }).transform((s) => s.toLowerCase());
