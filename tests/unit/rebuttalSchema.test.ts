import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import { rebuttalSchema } from '../../client/src/coediting/schema';

test('the rebuttal schema refuses heading levels and link targets outside the allow-list', () => {
  expect(() => rebuttalSchema.nodes.heading.create({ level: '<' })).toThrow(RangeError);
  expect(() => rebuttalSchema.nodes.heading.create({ level: 2 })).toThrow(RangeError);
  expect(rebuttalSchema.nodes.heading.create({ level: 4 }).attrs.level).toBe(4);
  expect(() => rebuttalSchema.marks.link.create({ href: 'javascript:alert(1)' })).toThrow(RangeError);
  expect(rebuttalSchema.marks.link.create({ href: 'https://example.org/a' }).attrs.href).toBe('https://example.org/a');
});

test('an element with a forbidden attribute arriving through Yjs is dropped, the rest is kept', () => {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('rebuttal');
  const bad = new Y.XmlElement('heading');
  bad.setAttribute('level', 'ttp://www.w3.org/1999/xhtml script');
  bad.insert(0, [new Y.XmlText('alert(1)')]);
  const good = new Y.XmlElement('paragraph');
  good.insert(0, [new Y.XmlText('Evidence says otherwise.')]);
  fragment.insert(0, [bad, good]);

  const root = yXmlFragmentToProseMirrorRootNode(fragment, rebuttalSchema);
  expect(root.textContent).toBe('Evidence says otherwise.');
  expect(root.childCount).toBe(1);
  expect(root.firstChild?.type.name).toBe('paragraph');
});
