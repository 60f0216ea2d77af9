/**
 * The yardstick of `npm run bench:feed`: node's http serving the bytes the Refute server sent,
 * from memory, with the same ETag and 304 for a matching If-None-Match, as a static file
 * server with conditional GET does. It sends the same headers the Refute server sent for each
 * status (its security and caching headers, as a static server set up for this site would add
 * them), so that both answers are the same bytes on the wire; node adds Date and the
 * keep-alive headers to both alike. Started with the path of a manifest
 * (`[{ path, type, etag, file, headers }]`); prints its port.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticResource {
  path: string;
  type: string;
  etag: string;
  file: string;
  /** The headers sent with each status, as name/value pairs, without those node adds or the body's own. */
  headers: { 200: string[]; 304: string[] };
}

const manifest = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as StaticResource[];
const resources = new Map(
  manifest.map((resource) => {
    const body = fs.readFileSync(resource.file);
    return [resource.path, { etag: resource.etag, body, full: [...resource.headers[200], 'Content-Type', resource.type, 'Content-Length', String(body.length)], notModified: resource.headers[304] }];
  }),
);

const server = http.createServer((req, res) => {
  const resource = resources.get(req.url ?? '');
  if (!resource) {
    res.writeHead(404).end();
    return;
  }
  if (req.headers['if-none-match'] === resource.etag) {
    res.writeHead(304, resource.notModified).end();
    return;
  }
  res.writeHead(200, resource.full).end(resource.body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
