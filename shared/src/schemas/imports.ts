import { z } from 'zod';
import { objectIdSchema } from './common';

/** A bulk import of reports: CSV (a header row naming the columns) or JSON Lines (one report a line). */
export const IMPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** The media types an upload is sent as, by format. */
export const IMPORT_MEDIA_TYPES: Record<ImportFormat, string> = { csv: 'text/csv', jsonl: 'application/x-ndjson' };
/** CSV columns, the same fields as `POST /api/v1/claims`; `media` holds `kind:url` pairs separated by spaces, `emergency` true or false. */
export const IMPORT_CSV_COLUMNS = ['externalId', 'text', 'url', 'language', 'reportedAt', 'region', 'views', 'shares', 'comments', 'media', 'emergency'] as const;
export const IMPORT_MAX_ROWS = 200_000;

export const IMPORT_STATUSES = ['running', 'done'] as const;

export const importQuerySchema = z.strictObject({
  /** The uploaded file's name, shown with the job. */
  name: z.string().trim().min(1).max(200).optional(),
});
export const importParamsSchema = z.strictObject({ id: objectIdSchema });

export const importJobViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  format: z.enum(IMPORT_FORMATS),
  status: z.enum(IMPORT_STATUSES),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  /** Rows whose externalId was reported before: nothing new was created for them. */
  repeated: z.number().int(),
  failed: z.number().int(),
  /** Rows a second, over the time the job has been processing. */
  rowsPerSecond: z.number(),
  /** Seconds left at that rate; null before any rate is known or once done. */
  secondsLeft: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobView = z.infer<typeof importJobViewSchema>;

/** One bad row of an import: its number among the reports of the file (the first is 1; a CSV header is not counted), the field, the problem. */
export const importRowErrorSchema = z.strictObject({ row: z.number().int(), field: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof importRowErrorSchema>;
