#!/usr/bin/env node
// Fails when a run of nine or more words stands twice in one Markdown file: the mark of two
// versions of one paragraph spliced together by a merge. Fenced code and table rows are
// left out (commands and columns repeat on purpose); words are compared without case and
// punctuation.
//
//   node scripts/repeated-words.mjs [FILE.md …]   (default: every tracked *.md)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const RUN = 9;

/** The words of a Markdown text outside fenced code, each with its line. */
export function words(text) {
  const out = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return;
    }
    if (fenced || /^\s*\|/.test(line)) return;
    for (const raw of line.split(/\s+/)) {
      const word = raw.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      if (word) out.push({ word, line: i + 1 });
    }
  });
  return out;
}

/** Every run of `RUN` words seen before in the same text: [first line, again line, words]. */
export function repeats(text, run = RUN) {
  const ws = words(text);
  const seen = new Map();
  const found = [];
  let lastAgain = -run;
  for (let i = 0; i + run <= ws.length; i++) {
    const key = ws.slice(i, i + run).map((w) => w.word).join(' ');
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
    } else if (first + run <= i && i >= lastAgain + run) {
      // One report per repeated stretch, not one per word of it.
      found.push([ws[first].line, ws[i].line, key]);
      lastAgain = i;
    }
  }
  return found;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const files = process.argv.length > 2
    ? process.argv.slice(2)
    : execFileSync('git', ['ls-files', '*.md', '**/*.md'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  let bad = 0;
  for (const file of files) {
    if (file.includes('node_modules/')) continue;
    for (const [first, again, key] of repeats(fs.readFileSync(file, 'utf8'))) {
      console.log(`${file}:${again}: "${key}" stands already on line ${first}`);
      bad++;
    }
  }
  if (bad) {
    console.log(`\n${bad} repeated run(s) of ${RUN} or more words: one of two versions of a passage is left over.`);
    process.exit(1);
  }
}
