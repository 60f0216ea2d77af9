import express, { Router } from 'express';
import { Types } from 'mongoose';
import { IMPORT_MEDIA_TYPES, importParamsSchema, importQuerySchema, type ImportFormat } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { AppError } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { createImport, importErrorReport, importView, listImports } from './service';

/** The largest file taken: 200,000 reports of a few hundred bytes each. */
const UPLOAD_LIMIT = '64mb';
const FORMAT_OF_MEDIA_TYPE = Object.fromEntries(Object.entries(IMPORT_MEDIA_TYPES).map(([format, type]) => [type, format as ImportFormat]));

/**
 * `/api/v1/platform/imports`: a moderator uploads a CSV or JSON Lines file of reports (the raw
 * file as the body, not JSON) and follows the job. Mounted outside the JSON-only API router.
 */
export function importRoutes(): Router {
  const router = Router();
  const moderator = requireUser('moderator');
  const orgOf = (req: express.Request) => new Types.ObjectId(req.user!.orgId);

  router.post(
    '/',
    moderator,
    express.text({ type: Object.values(IMPORT_MEDIA_TYPES), limit: UPLOAD_LIMIT }),
    asyncHandler(async (req, res) => {
      const { name } = parseInput(importQuerySchema, req.query, 'query');
      const format = FORMAT_OF_MEDIA_TYPE[(req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()];
      if (!format || typeof req.body !== 'string') {
        throw new AppError(415, 'unsupported_media_type', `Upload the file as ${Object.values(IMPORT_MEDIA_TYPES).join(' or ')}`);
      }
      const job = await createImport({ orgId: orgOf(req), userId: req.user!.id }, { name: name ?? `import.${format}`, format, content: req.body });
      res.status(202).json(job);
    }),
  );

  router.get(
    '/',
    moderator,
    asyncHandler(async (req, res) => {
      res.json({ items: await listImports(orgOf(req)) });
    }),
  );

  router.get(
    '/:id',
    moderator,
    asyncHandler(async (req, res) => {
      const { id } = parseInput(importParamsSchema, req.params, 'import id');
      res.json(await importView(orgOf(req), id));
    }),
  );

  router.get(
    '/:id/errors',
    moderator,
    asyncHandler(async (req, res) => {
      const { id } = parseInput(importParamsSchema, req.params, 'import id');
      const report = await importErrorReport(orgOf(req), id);
      res.type('text/csv').attachment(`import-${id}-errors.csv`).send(report);
    }),
  );

  return router;
}
