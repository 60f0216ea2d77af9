import type * as Yjs from 'yjs' with { 'resolution-mode': 'import' };

/**
 * Yjs for the server. Its type declarations are an ES module, which this CommonJS package
 * cannot import by value; the package's own CommonJS build is loaded instead, typed as the module.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Y: typeof Yjs = require('yjs');
