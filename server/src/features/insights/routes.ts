import { Router } from 'express';
import { insightsQuerySchema, insightsRankingQuerySchema, insightsReportQuerySchema } from '@refute/shared';
import { asyncHandler, requireUser } from '../../http/auth';
import { baseUrlOf } from '../../http/baseUrl';
import { parseInput } from '../../http/validate';
import { pipeline } from 'node:stream/promises';
import { caseExport } from './caseExport';
import { monthlyRanking } from './monthlyRanking';
import { monthlyReport } from './report/data';
import { renderReportPage } from './report/page';
import { printPdf } from './report/pdf';
import { insightsSummary } from './summary';

/** The insight dashboard's figures, for leads and admins of review organisations. */
export function insightRoutes(options: { chromiumPath: string }): Router {
  const router = Router();
  router.get(
    '/summary',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsQuerySchema, req.query, 'insights query');
      res.json(await insightsSummary(req.user!, query, { baseUrl: baseUrlOf(req) }));
    }),
  );
  router.get(
    '/ranking',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsRankingQuerySchema, req.query, 'ranking query');
      res.json(await monthlyRanking(req.user!, query, { baseUrl: baseUrlOf(req) }));
    }),
  );
  router.get(
    '/export/cases.csv',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsQuerySchema, req.query, 'export query');
      const { cases, csv } = await caseExport(req.user!, query);
      res.type('csv').set({ 'Cache-Control': 'private, no-store', 'Content-Disposition': 'attachment; filename="refute-cases.csv"', 'X-Export-Cases': String(cases) });
      // A failure once rows have gone out can only end the response early: the client sees it cut.
      await pipeline(csv, res).catch(() => res.destroy());
    }),
  );
  router.get(
    '/report',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsReportQuerySchema, req.query, 'report query');
      const report = await monthlyReport(req.user!, query, { baseUrl: baseUrlOf(req) });
      res.type('html').set('Cache-Control', 'private, no-store').send(renderReportPage(report, query.lang ?? 'zh'));
    }),
  );
  router.get(
    '/report.pdf',
    requireUser('lead', 'admin'),
    asyncHandler(async (req, res) => {
      const query = parseInput(insightsReportQuerySchema, req.query, 'report query');
      const report = await monthlyReport(req.user!, query, { baseUrl: baseUrlOf(req) });
      const pdf = await printPdf(renderReportPage(report, query.lang ?? 'zh'), options.chromiumPath);
      res.type('pdf').set({ 'Cache-Control': 'private, no-store', 'Content-Disposition': `attachment; filename="refute-report-${report.month}.pdf"` }).send(pdf);
    }),
  );
  return router;
}
