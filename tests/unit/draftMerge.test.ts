import { mergeDraft, type DraftFields } from '@refute/shared';

const review = { title: 'A systematic review', url: 'https://example.org/review', kind: 'paper' as const };
const standard = { title: 'National standard', url: 'https://example.org/standard', kind: 'standard' as const };
const statement = { title: 'Ministry statement', url: 'https://example.org/statement', kind: 'official' as const };

const base: DraftFields = { verdict: 'false', headline: 'No', summary: 'No evidence.', rebuttalHtml: '<p>a</p>', evidence: [review] };
const edit = (changes: Partial<DraftFields>): DraftFields => ({ ...base, ...changes });

test('changes to different fields are both kept', () => {
  const { merged, conflicts } = mergeDraft(base, edit({ headline: 'Mine' }), edit({ summary: 'Theirs.' }));
  expect(conflicts).toEqual([]);
  expect(merged).toMatchObject({ headline: 'Mine', summary: 'Theirs.', verdict: 'false' });
});

test('the same field changed differently is a conflict, and mine is kept in the merge', () => {
  const { merged, conflicts } = mergeDraft(base, edit({ headline: 'Mine', verdict: 'misleading' }), edit({ headline: 'Theirs', verdict: 'misleading' }));
  expect(conflicts).toEqual(['headline']);
  expect(merged.headline).toBe('Mine');
});

test('evidence items added on both sides are all kept; removals and edits merge by URL', () => {
  const added = mergeDraft(base, edit({ evidence: [review, standard] }), edit({ evidence: [review, statement] }));
  expect(added.conflicts).toEqual([]);
  expect(added.merged.evidence).toEqual([review, statement, standard]);

  const removedAndEdited = mergeDraft(edit({ evidence: [review, standard] }), edit({ evidence: [review] }), edit({ evidence: [{ ...review, title: 'Renamed' }, standard] }));
  expect(removedAndEdited.conflicts).toEqual([]);
  expect(removedAndEdited.merged.evidence).toEqual([{ ...review, title: 'Renamed' }]);
});

test('an evidence item removed by one and edited by the other is a conflict, not a silent loss', () => {
  const { merged, conflicts } = mergeDraft(base, edit({ evidence: [] }), edit({ evidence: [{ ...review, kind: 'standard' }] }));
  expect(conflicts).toEqual(['evidence']);
  expect(merged.evidence).toEqual([{ ...review, kind: 'standard' }]);
});

test('the co-edited rebuttal: the saver who changed it carries the shared text', () => {
  expect(mergeDraft(base, edit({ rebuttalHtml: '<p>ab</p>' }), edit({ rebuttalHtml: '<p>a</p>' })).merged.rebuttalHtml).toBe('<p>ab</p>');
  expect(mergeDraft(base, edit({ headline: 'x' }), edit({ rebuttalHtml: '<p>abc</p>' })).merged.rebuttalHtml).toBe('<p>abc</p>');
});
