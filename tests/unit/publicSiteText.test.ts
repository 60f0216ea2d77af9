import { fullSlug, readableSlug } from '../../server/src/features/publications/slug';
import cookieParser from 'cookie-parser';
import express from 'express';
import { humanDate, linkTo, otherLanguageLink, readerPreferences, TEXT_SIZE_COOKIE, type PageContext } from '../../server/src/features/publicSite/pageContext';
import { wrapLines } from '../../server/src/features/publicSite/shareImage';

const CASE_ID = '65f0c0ffee0123456789abcd';

describe('readable slugs', () => {
  test.each([
    ['微波炉加热食物不会致癌', 1, 'wei-bo-lu-jia-re-shi-wu-bu-hui-zhi-ai-6789abcd'],
    ['No, 5G does NOT spread viruses!', 2, 'no-5g-does-not-spread-viruses-6789abcd-v2'],
    ['🙂🙂', 1, '6789abcd'],
  ])('%s (version %d) → %s', (headline, version, slug) => {
    expect(readableSlug(headline, CASE_ID, version)).toBe(slug);
  });

  test('a long headline is cut at a word, and the slug stays within what the pages accept', () => {
    const slug = readableSlug('喝'.repeat(80), CASE_ID, 3);
    expect(slug).toMatch(/^(he-)+he-6789abcd-v3$/);
    expect(slug.length).toBeLessThanOrEqual(120);
    expect(fullSlug(CASE_ID, 3)).toBe(`${CASE_ID}-v3`);
  });
});

test('share image lines: Han characters break anywhere, other words whole, with an ellipsis past the last line', () => {
  expect(wrapLines('微波炉加热食物不会致癌', 4, 3)).toEqual(['微波炉加', '热食物不', '会致癌']);
  expect(wrapLines('No evidence at all here', 6, 5)).toEqual(['No', 'evidence', 'at all', 'here']);
  const cut = wrapLines('一二三四五六七八九十', 3, 2);
  expect(cut).toEqual(['一二三', '四五…']);
});

describe('page links and dates', () => {
  const ctx = (langInLink: boolean): PageContext => ({ lang: 'en', langInLink, largeType: false, baseUrl: 'https://refute.example', path: '/r/x?from=chat&lang=en' });

  test('links keep a language the link chose, and only then', () => {
    expect(linkTo(ctx(true), '/search', { topic: 'health', page: undefined })).toBe('/search?topic=health&lang=en');
    expect(linkTo(ctx(false), '/search', { topic: '' })).toBe('/search');
    expect(otherLanguageLink(ctx(true))).toBe('/r/x?from=chat&lang=zh');
  });

  test('dates are written in words in the reader language, in China time', () => {
    expect(humanDate('2026-03-01T17:30:00Z', 'zh')).toBe('2026年3月2日');
    expect(humanDate('2026-03-01T17:30:00Z', 'en')).toBe('2 March 2026');
  });
});

describe('reader preferences (the page and its fast-path key read the headers one way)', () => {
  /** What express made of the same headers: its Accept-Language negotiation and cookie-parser's cookies. */
  function expressReading(headers: Record<string, string>): { acceptedLang: 'zh' | 'en'; largeType: boolean } {
    const req = Object.assign(Object.create(express.request) as express.Request, { headers });
    cookieParser()(req, {} as express.Response, () => undefined);
    const cookies = req.cookies as Record<string, string | undefined>;
    return { acceptedLang: req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh', largeType: cookies[TEXT_SIZE_COOKIE] === 'large' };
  }

  test.each<Record<string, string>>([
    {},
    { 'accept-language': 'en-US,en;q=0.9' },
    { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
    { 'accept-language': 'fr, zh;q=0.5, en;q=0.8' },
    { 'accept-language': 'fr' },
    { 'accept-language': '' },
    { 'accept-language': '*' },
    { 'accept-language': 'en;q=0, zh;q=0' },
    { cookie: 'refute_text=large' },
    { cookie: 'session=abc; refute_text=large; other=1' },
    { cookie: 'refute_text=standard' },
    { cookie: 'refute_text=large; refute_text=standard' },
    { cookie: 'xrefute_text=large' },
    { cookie: 'refute_text=%6Carge' },
    { cookie: 'refute_text="large"' },
  ])('%j', (headers) => {
    expect(readerPreferences(headers)).toEqual(expressReading(headers));
  });
});
