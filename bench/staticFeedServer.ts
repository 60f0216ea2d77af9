/**
 * The yardstick of `npm run bench:feed`: node's http serving the bytes the Refute server sent,
 * from memory, with the same ETag and 304 for a matching If-None-Match, as a static file
 * server with conditional GET does. Started with the path of a manifest
 * (`[{ path, type, etag, file }]`); prints its port.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticResource {
  path: string;
  type: string;
  etag: string;
  file: string;
}

const manifest = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as StaticResource[];
const resources = new Map(manifest.map((resource) => [resource.path, { ...resource, body: fs.readFileSync(resource.file) }]));

const server = http.createServer((req, res) => {
  const resource = resources.get(req.url ?? '');
  if (!resource) {
    res.writeHead(404).end();
    return;
  }
  if (req.headers['if-none-match'] === resource.etag) {
    res.writeHead(304, { ETag: resource.etag }).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': resource.type, 'Content-Length': resource.body.length, ETag: resource.etag }).end(resource.body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
