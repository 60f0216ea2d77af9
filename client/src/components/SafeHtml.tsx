import { useMemo } from 'react';
import { sanitizeHtml } from '../sanitize';

/** Renders server-sanitized rich text, passed once more through the client allowlist. */
export function SafeHtml({ html, className }: { html: string; className?: string }) {
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: clean }} />;
}
