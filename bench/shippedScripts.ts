import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export interface ShippedScripts {
  rawBytes: number;
  gzipBytes: number;
  files: Array<{ name: string; rawBytes: number; gzipBytes: number }>;
}

/**
 * Records every JavaScript response the page receives from now on. `settled()` waits for their
 * bodies and sums their sizes, gzipped here at the default level (what a server compressing on
 * the fly sends), so the figure does not depend on how this server happens to serve them.
 */
export function javascriptOf(page: Page): { settled(): Promise<ShippedScripts> } {
  const bodies: Array<Promise<{ name: string; body: Buffer }>> = [];
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) && !new URL(response.url()).pathname.endsWith('.js')) return;
    const name = new URL(response.url()).pathname.split('/').pop() ?? response.url();
    bodies.push(response.body().then((body) => ({ name, body })));
  });
  return {
    async settled() {
      const files = (await Promise.all(bodies)).map(({ name, body }) => ({ name, rawBytes: body.length, gzipBytes: gzipSync(body).length }));
      files.sort((a, b) => b.gzipBytes - a.gzipBytes);
      return {
        rawBytes: files.reduce((sum, file) => sum + file.rawBytes, 0),
        gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
        files,
      };
    },
  };
}
