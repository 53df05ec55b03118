import { type CoreDeps, createCaptureQueue, toEmail } from '@drift/core';
import { DomainError, HTTP_STATUS, isDomainError } from '@drift/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import { envelope, fastifyErrorEnvelope } from './rest-envelope.ts';

/** Relays deliver whole messages; 25 MB is the common ceiling of mail servers. */
export const INBOUND_BODY_LIMIT = 25 * 1024 * 1024;
const RAW_MAIL_TYPES = ['message/rfc822'];

/**
 * `POST /inbound/:token`: a mail relay hands us one raw RFC 5322 message for the account that owns
 * the token. 202 with what was captured; the same Message-ID again changes nothing.
 */
export async function registerInboundRoute(app: FastifyInstance, deps: CoreDeps): Promise<void> {
  // Concurrent deliveries are stored together, a batch per inbound address.
  const captures = createCaptureQueue(deps);
  await app.register(async (inbound) => {
    inbound.removeAllContentTypeParsers();
    inbound.addContentTypeParser(
      RAW_MAIL_TYPES,
      { parseAs: 'buffer', bodyLimit: INBOUND_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    inbound.setErrorHandler((error: FastifyError, request, reply) => {
      if (isDomainError(error))
        return reply.status(HTTP_STATUS[error.code]).send(envelope(error.code, error.message));
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return reply.status(400).send(envelope('VALIDATION_ERROR', 'Content-Type must be message/rfc822'));
      }
      const { status, body } = fastifyErrorEnvelope(error);
      if (status >= 500) request.log.error({ err: error }, 'inbound capture failed');
      return reply.status(status).send(body);
    });

    inbound.post<{ Params: { token: string } }>(
      '/inbound/:token',
      { bodyLimit: INBOUND_BODY_LIMIT },
      async (request, reply) => {
        const raw = request.body;
        if (!Buffer.isBuffer(raw)) {
          throw new DomainError('VALIDATION_ERROR', 'The body must be a raw email message (message/rfc822)');
        }
        const { account, result } = await captures.capture(request.params.token, raw);
        request.driftFacts.accountId = account.id;
        if (!result.captured) return reply.status(202).send({ captured: false, reason: result.reason });
        return reply
          .status(202)
          .send({ captured: true, duplicate: result.duplicate, email: toEmail(result.email) });
      },
    );
  });
}
