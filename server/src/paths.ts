import fs from 'node:fs';
import path from 'node:path';

/** The repository root, found from this file whether it runs from src/ or dist/. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'fixtures')) || !fs.existsSync(path.join(dir, 'scripts'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the Refute repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

export const FIXTURES_DIR = path.join(REPO_ROOT, 'fixtures');
export const CLIENT_DIST_DIR = path.join(REPO_ROOT, 'client', 'dist');
