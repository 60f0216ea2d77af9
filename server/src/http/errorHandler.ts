import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, isDuplicateKeyError } from './errors';

/** body-parser raises errors with a `type`; each becomes a clear client error. */
const BODY_PARSER_ERRORS: Record<string, AppError> = {
  'entity.parse.failed': new AppError(400, 'invalid_json', 'The request body is not valid JSON'),
  'entity.too.large': new AppError(413, 'payload_too_large', 'The request body is too large'),
  'encoding.unsupported': new AppError(415, 'unsupported_encoding', 'The request body encoding is not supported'),
  'charset.unsupported': new AppError(415, 'unsupported_charset', 'The request body charset is not supported'),
  'request.aborted': new AppError(400, 'request_aborted', 'The request was aborted'),
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const type = (error as { type?: unknown })?.type;
  if (typeof type === 'string' && BODY_PARSER_ERRORS[type]) return BODY_PARSER_ERRORS[type];
  if (isDuplicateKeyError(error)) return new AppError(409, 'conflict', 'The resource already exists');
  // express and its parsers mark client errors (such as a malformed %-escape in the path) this way.
  const status = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, 'bad_request', (error as { expose?: boolean }).expose ? String((error as Error).message) : 'Bad request');
  }
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toAppError(error);
    if (known && known.isPublic) {
      const body: { code: string; message: string; details?: unknown } = { code: known.code, message: known.message };
      if (known.details !== undefined) body.details = known.details;
      res.status(known.status).json({ error: body });
      return;
    }
    const errorId = randomUUID();
    log.error({ err: error, errorId, method: req.method, url: req.originalUrl, address: req.ip }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: `Internal error (id ${errorId})` } });
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
};
