import type * as Yjs from 'yjs' with { 'resolution-mode': 'import' };
import type * as Decoding from 'lib0/decoding' with { 'resolution-mode': 'import' };
import type * as Encoding from 'lib0/encoding' with { 'resolution-mode': 'import' };

/**
 * Yjs, and lib0 (its binary codec), for the server. Its type declarations are an ES module, which this CommonJS package
 * cannot import by value; the package's own CommonJS build is loaded instead, typed as the module.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Y: typeof Yjs = require('yjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const decoding: typeof Decoding = require('lib0/decoding');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const encoding: typeof Encoding = require('lib0/encoding');
