/**
 * A package loaded where it is first used instead of when the server starts: for large packages
 * that most processes never need (a browser for PDFs, a chart library, a Redis client), which
 * would otherwise cost every start, and every test file, their load time. The caller names the
 * package's type with `import type`, which loads nothing.
 */
export function loadAtFirstUse<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id) as T;
}
