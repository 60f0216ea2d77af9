import { sanitizeRebuttal } from '../../server/src/features/reviews/sanitizeRebuttal';

test('keeps the allowed structure and emphasis', () => {
  const html = '<p>A <strong>b</strong> <em>c</em></p><ul><li>d</li></ul><blockquote>e</blockquote>';
  expect(sanitizeRebuttal(html)).toBe(html);
});

test('drops scripts, handlers, styles, iframes and images', () => {
  expect(
    sanitizeRebuttal('<p onclick="x()" style="color:red">ok<script>alert(1)</script></p><iframe src="https://e.example"></iframe><img src=x onerror=alert(1)>'),
  ).toBe('<p>ok</p>');
});

test('links keep only safe schemes and always open safely', () => {
  expect(sanitizeRebuttal('<a href="https://who.int" target="_self" rel="opener">WHO</a>')).toBe(
    '<a href="https://who.int" target="_blank" rel="noopener noreferrer nofollow">WHO</a>',
  );
  const scripted = sanitizeRebuttal('<a href="javascript:alert(1)">x</a>');
  expect(scripted).not.toContain('href');
  expect(scripted).toMatch(/^<a [^>]*rel="noopener noreferrer nofollow"[^>]*>x<\/a>$/);
  expect(sanitizeRebuttal('<a href="//evil.example">x</a>')).not.toContain('evil');
});
