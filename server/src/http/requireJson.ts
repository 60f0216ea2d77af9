import type { RequestHandler } from 'express';
import { AppError } from './errors';

/** A request that carries a body must say it is JSON; anything else is refused before parsing. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) {
    next(new AppError(415, 'unsupported_media_type', 'The request body must be application/json'));
    return;
  }
  next();
};
