import { claimReportSchema, draftSaveSchema, feedQuerySchema, loginSchema, objectIdSchema } from '@refute/shared';

describe('claimReportSchema', () => {
  const valid = { externalId: 'vid-1', text: '  5G 基站传播病毒  ' };

  test('accepts a minimal report and trims the text', () => {
    expect(claimReportSchema.parse(valid)).toEqual({ externalId: 'vid-1', text: '5G 基站传播病毒' });
  });

  test.each([
    ['an unknown field', { ...valid, priority: 1 }],
    ['an empty text', { ...valid, text: '   ' }],
    ['an externalId with spaces', { ...valid, externalId: 'a b' }],
    ['an operator object', { ...valid, text: { $gt: '' } }],
    ['a non-http URL', { ...valid, url: 'file:///etc/passwd' }],
    ['a fractional count', { ...valid, reach: { views: 1.5 } }],
    ['an unknown language', { ...valid, language: 'fr' }],
    ['a date without offset', { ...valid, reportedAt: '2026-01-01 10:00' }],
    ['too many media', { ...valid, media: Array.from({ length: 21 }, () => ({ url: 'https://x.example/a', kind: 'image' })) }],
  ])('rejects %s', (_name, input) => {
    expect(claimReportSchema.safeParse(input).success).toBe(false);
  });
});

describe('draftSaveSchema', () => {
  const draft = { verdict: null, headline: '', summary: '', rebuttalHtml: '', evidence: [], version: 0 };

  test('accepts an empty work-in-progress draft', () => {
    expect(draftSaveSchema.safeParse(draft).success).toBe(true);
  });

  test('requires a non-negative integer version', () => {
    expect(draftSaveSchema.safeParse({ ...draft, version: -1 }).success).toBe(false);
    expect(draftSaveSchema.safeParse({ ...draft, version: 1.5 }).success).toBe(false);
  });

  test('checks evidence entries', () => {
    expect(draftSaveSchema.safeParse({ ...draft, evidence: [{ title: 'WHO', url: 'https://who.int', kind: 'official' }] }).success).toBe(true);
    expect(draftSaveSchema.safeParse({ ...draft, evidence: [{ title: 'WHO', url: 'https://who.int', kind: 'rumor' }] }).success).toBe(false);
  });
});

test('feed query coerces limit and applies the default', () => {
  expect(feedQuerySchema.parse({})).toEqual({ limit: 20 });
  expect(feedQuerySchema.parse({ limit: '5', verdict: 'false' })).toEqual({ limit: 5, verdict: 'false' });
  expect(feedQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
});

test('feed query takes a GB/T 2260 region code and trimmed search words', () => {
  expect(feedQuerySchema.parse({ region: '330100', q: '  隔夜菜  ' })).toEqual({ limit: 20, region: '330100', q: '隔夜菜' });
  for (const region of ['CN-Zhejiang', '3301', '3301000', '33010a']) expect(feedQuerySchema.safeParse({ region }).success).toBe(false);
  for (const q of ['', '   ', 'x'.repeat(201)]) expect(feedQuerySchema.safeParse({ q }).success).toBe(false);
});

test('login needs an email and a password', () => {
  expect(loginSchema.safeParse({ email: 'a@b.example', password: 'x' }).success).toBe(true);
  expect(loginSchema.safeParse({ email: 'not-an-email', password: 'x' }).success).toBe(false);
});

test('object ids are 24 hex characters', () => {
  expect(objectIdSchema.safeParse('0123456789abcdef01234567').success).toBe(true);
  expect(objectIdSchema.safeParse('0123456789abcdef0123456g').success).toBe(false);
});
