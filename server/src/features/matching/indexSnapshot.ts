/**
 * The matching index on disk, so that a start reads one file instead of every report: a header
 * line (JSON: format, what the index was built with, the database, when it was taken, a SHA-256
 * of the body) and the body, the index's structures in V8's serialization. A snapshot is used
 * only when all of that matches; otherwise the reason is given and the index is rebuilt from
 * the database. Files are written to a temporary name and renamed, so a crash mid-write leaves
 * the previous snapshot whole.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { LAYOUT_VERSION, MemoryIndex, type MemoryIndexState } from './memoryIndex';
import type { MatchSettings } from './settings';
import { TOKENIZER_VERSION } from './tokens';
import { backgroundFingerprint, type FeatureWeights } from './weights';

const FORMAT = 'refute-match-index';

export interface SnapshotHeader {
  format: typeof FORMAT;
  layout: number;
  /** The settings and background the index was built with. */
  built: string;
  databaseId: string;
  takenAt: number;
  reports: number;
  lastClaimId: string | null;
  sha256: string;
}

export type SnapshotRead = { index: MemoryIndex; header: SnapshotHeader } | { index: null; reason: string };

/** What an index's scores depend on: the LSH shape, the candidate cap, the tokens, the weights. */
export function builtWith(settings: MatchSettings): string {
  const { lsh, maxCandidates, segmentation } = settings;
  return createHash('sha256')
    .update(JSON.stringify({ lsh, maxCandidates, segmentation, tokenizer: TOKENIZER_VERSION, background: backgroundFingerprint() }))
    .digest('hex');
}

export function writeSnapshot(file: string, index: MemoryIndex, meta: { settings: MatchSettings; databaseId: string; takenAt: number }): SnapshotHeader {
  const body = v8.serialize(index.exportState());
  const header: SnapshotHeader = {
    format: FORMAT,
    layout: LAYOUT_VERSION,
    built: builtWith(meta.settings),
    databaseId: meta.databaseId,
    takenAt: meta.takenAt,
    reports: index.reportCount,
    lastClaimId: index.lastClaimId ?? null,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
  fs.renameSync(partial, file);
  return header;
}

export function readSnapshot(file: string, expected: { settings: MatchSettings; weights: FeatureWeights; databaseId: string }): SnapshotRead {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { index: null, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'none yet' : `unreadable (${(error as Error).message})` };
  }
  const newline = bytes.indexOf(0x0a);
  let header: SnapshotHeader;
  try {
    header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as SnapshotHeader;
  } catch {
    return { index: null, reason: 'not a snapshot (no header)' };
  }
  if (header.format !== FORMAT) return { index: null, reason: 'not a snapshot (unknown format)' };
  if (header.layout !== LAYOUT_VERSION) return { index: null, reason: `written by another version (layout ${header.layout}, now ${LAYOUT_VERSION})` };
  if (header.built !== builtWith(expected.settings)) return { index: null, reason: 'built with other matching settings or weights' };
  if (header.databaseId !== expected.databaseId) return { index: null, reason: 'taken of another database' };
  const body = bytes.subarray(newline + 1);
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return { index: null, reason: 'corrupt (checksum mismatch)' };
  try {
    const state = v8.deserialize(body) as MemoryIndexState;
    const { lsh, maxCandidates } = expected.settings;
    return { index: MemoryIndex.fromState(state, lsh, maxCandidates, expected.weights), header };
  } catch (error) {
    return { index: null, reason: `corrupt (${(error as Error).message})` };
  }
}
