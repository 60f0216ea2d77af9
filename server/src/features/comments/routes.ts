import { Router } from 'express';
import { commentCreateSchema, idParamsSchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { parseInput } from '../../http/validate';
import { addComment, listComments } from './service';

/** A case's discussion, mounted under /cases. */
export function commentRoutes(): Router {
  const router = Router();
  const team = requireUser('reviewer', 'lead', 'admin');
  const caseId = (params: unknown) => parseInput(idParamsSchema, params, 'case id').id;

  router.get(
    '/:id/comments',
    team,
    asyncHandler(async (req, res) => {
      res.json({ items: await listComments(caseId(req.params)) });
    }),
  );

  router.post(
    '/:id/comments',
    team,
    asyncHandler(async (req, res) => {
      const id = caseId(req.params);
      const input = parseInput(commentCreateSchema, req.body, 'comment');
      res.status(201).json({ comment: await addComment(req.user!, id, input) });
    }),
  );

  return router;
}
