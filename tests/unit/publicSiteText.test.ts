import { fullSlug, readableSlug } from '../../server/src/features/publications/slug';
import { humanDate, linkTo, otherLanguageLink, type PageContext } from '../../server/src/features/publicSite/pageContext';
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
