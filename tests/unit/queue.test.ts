import { apiFilters, queueSearchString, queueUrl, readQueueFilters } from '../../client/src/queueFilters';
import { countQueue } from '../../server/src/features/cases/queueCounts';
import { searchPattern } from '../../server/src/text/searchPattern';

describe('searchPattern', () => {
  test('matches the words literally, whatever their case and the whitespace between them', () => {
    const pattern = searchPattern('  Green  TEA ');
    expect(pattern.test('drinking green\ntea daily')).toBe(true);
    expect(pattern.test('greentea')).toBe(false);
  });

  test('takes pattern characters as text', () => {
    expect(searchPattern('a.*b').test('a long b')).toBe(false);
    expect(searchPattern('a.*b').test('see a.*b here')).toBe(true);
    expect(searchPattern('(5G)?').test('is (5G)? harmful')).toBe(true);
    expect(searchPattern('[').test('[')).toBe(true);
    expect(searchPattern('喝绿豆汤').test('每天喝绿豆汤可以治愈糖尿病')).toBe(true);
  });
});

describe('countQueue', () => {
  const rows = [
    { lane: 'emergency', status: 'open' },
    { lane: 'normal', status: 'open' },
    { lane: 'normal', status: 'in_review' },
    { lane: 'hot', status: 'returned' },
    { lane: 'normal', status: 'published' },
  ] as const;

  test('counts every lane and active status, each under the other filter only', () => {
    expect(countQueue(rows, {})).toEqual({
      lane: { emergency: 1, hot: 1, normal: 2 },
      status: { open: 2, in_review: 1, submitted: 0, returned: 1 },
    });
    expect(countQueue(rows, { lane: 'normal', status: 'open' })).toEqual({
      lane: { emergency: 1, hot: 0, normal: 1 },
      status: { open: 1, in_review: 1, submitted: 0, returned: 0 },
    });
  });
});

describe('queue filters in the query string', () => {
  test('round-trip, leaving defaults out', () => {
    const filters = { status: 'open', lane: 'hot', topic: 'health', region: '440000', createdFrom: '2026-11-02', createdTo: '2026-11-08', mine: true, q: 'green tea', sort: 'reach' } as const;
    const search = queueSearchString(filters);
    expect(readQueueFilters(search)).toEqual(filters);
    expect(queueSearchString(readQueueFilters(''))).toBe('');
    expect(new URLSearchParams(search).get('sort')).toBe('reach');
  });

  test('fall back to all for values the server would refuse', () => {
    expect(readQueueFilters(`?status=closed&lane=fast&sort=abc&region=Guangdong&createdFrom=yesterday&createdTo=2026-1-1&q=${'x'.repeat(300)}`)).toEqual({
      status: '',
      lane: '',
      topic: '',
      region: '',
      createdFrom: '',
      createdTo: '',
      mine: false,
      q: 'x'.repeat(100),
      sort: 'urgent',
    });
    expect(apiFilters(readQueueFilters('?q=%20tea%20&assignee=me'))).toMatchObject({ q: 'tea', assignee: 'me' });
  });

  test('a drill-down address names only the filters it sets', () => {
    expect(queueUrl({ region: '440300', createdFrom: '2026-11-30', createdTo: '2026-11-30' })).toBe('/queue?region=440300&createdFrom=2026-11-30&createdTo=2026-11-30');
    expect(queueUrl({})).toBe('/queue');
  });
});

