import { z } from 'zod';
import { LANGUAGES, TOPICS, VERDICTS } from '../enums';
import { CLAIM_TEXT_MAX } from './claims';
import { httpUrlSchema } from './common';

/** An empty form field (a select left on "all") is the same as no field. */
const optionalField = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const lang = optionalField(z.enum(LANGUAGES));

/**
 * The query of a public page. Not strict, unlike the API's: links shared in chat apps come back
 * with the apps' own parameters appended, and the page must still open.
 */
export const publicPageQuerySchema = z.object({ lang });
export type PublicPageQuery = z.infer<typeof publicPageQuerySchema>;

export const PUBLIC_BROWSE_SORTS = ['newest', 'reported'] as const;
export type PublicBrowseSort = (typeof PUBLIC_BROWSE_SORTS)[number];

/** `GET /search`: a text to check (`q`), or browsing everything published by topic and verdict. */
export const publicSearchQuerySchema = z.object({
  lang,
  q: optionalField(z.string().trim().max(CLAIM_TEXT_MAX)),
  topic: optionalField(z.enum(TOPICS)),
  verdict: optionalField(z.enum(VERDICTS)),
  sort: optionalField(z.enum(PUBLIC_BROWSE_SORTS)),
  page: optionalField(z.coerce.number().int().min(1).max(1000)),
});
export type PublicSearchQuery = z.infer<typeof publicSearchQuerySchema>;

/** `GET /display`: the reader's text size, remembered in a cookie; `back` is a path on this site. */
export const displayPreferenceSchema = z.strictObject({
  text: z.enum(['large', 'standard']),
  back: z
    .string()
    .max(2048)
    .regex(/^\/(?![/\\])[^\s\\]*$/, 'must be a path on this site'),
});
export type DisplayPreference = z.infer<typeof displayPreferenceSchema>;

/** `GET /oembed` (oEmbed 1.0): `url` is a public page of this site. */
export const oembedQuerySchema = z.object({
  url: httpUrlSchema,
  format: optionalField(z.enum(['json', 'xml'])),
  maxwidth: optionalField(z.coerce.number().int().min(1).max(10_000)),
  maxheight: optionalField(z.coerce.number().int().min(1).max(10_000)),
  lang,
});
export type OembedQuery = z.infer<typeof oembedQuerySchema>;
