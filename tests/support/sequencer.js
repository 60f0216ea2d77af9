/**
 * The order jest hands test files to its workers: longest first, so that no worker is left
 * running one long file alone at the end of the run. Jest knows each file's duration only from
 * its cache of an earlier run on the same machine, which CI never has; there it would order by
 * file size, and some of the slowest files are short. Files jest has no time for take theirs
 * from suiteSeconds.json (seconds of one full run on two workers; the order is all it changes,
 * so a stale figure costs time, never a result), and a file new since then an estimate by kind.
 */
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const recorded = require('./suiteSeconds.json');

const ROOT = path.resolve(__dirname, '../..');
/** Typical seconds of a file of each kind, for files not in suiteSeconds.json. */
const BY_KIND = { e2e: 22, realtime: 15, integration: 12, unit: 1 };

function recordedSeconds(testPath) {
  const relative = path.relative(ROOT, testPath).split(path.sep).join('/');
  if (recorded[relative] !== undefined) return recorded[relative];
  return BY_KIND[relative.split('/')[1]] ?? BY_KIND.integration;
}

class LongestFirst extends Sequencer {
  time(test) {
    return super.time(test) ?? recordedSeconds(test.path) * 1000;
  }
}

module.exports = LongestFirst;
