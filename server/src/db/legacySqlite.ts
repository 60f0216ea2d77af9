/**
 * Data folders written before the local engine moved to PostgreSQL hold one SQLite file per
 * database (`refute.sqlite`) directly in the folder. The new engine does not read them; the
 * migration (`npm run engine:migrate`) copies them over and sets the files aside.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the migration puts the old files once it has read them. */
export const SET_ASIDE_DIR = 'sqlite-old';

export function legacySqliteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sqlite'))
    .map((file) => path.join(dir, file));
}

export class LegacyDataError extends Error {}

/** Refuses to start an empty engine beside old data, which would look like lost data. */
export function refuseLegacyDataDir(dataDir: string): void {
  const files = legacySqliteFiles(dataDir);
  if (files.length === 0) return;
  throw new LegacyDataError(
    `${dataDir} holds data of the old local engine (FerretDB on SQLite: ${files.map((file) => path.basename(file)).join(', ')}). ` +
      'The local engine now runs FerretDB on PostgreSQL and cannot read it. Run `npm run engine:migrate` to copy every ' +
      `collection into the new engine (the old files are then moved to ${path.join(dataDir, SET_ASIDE_DIR)}), ` +
      'or move the .sqlite files out of the folder to start empty.',
  );
}
