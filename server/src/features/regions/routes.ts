import { Router } from 'express';
import { allRegions } from './regions';

/** The divisions as a whole: public facts, fetched once by the client for names and pickers. */
export function regionRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.set('cache-control', 'public, max-age=86400');
    res.json({ items: allRegions() });
  });
  return router;
}
