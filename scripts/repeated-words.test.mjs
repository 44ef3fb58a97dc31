// The repeated-words check finds a spliced paragraph and leaves code, tables and short
// repeats alone.  node --test scripts/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repeats } from './repeated-words.mjs';

const paragraph = 'A cold run takes about half an hour on two cores, most of it the Tauri build.';

test('two versions of one paragraph spliced together are found, with both lines', () => {
  const text = `# Tests\n\n${paragraph}\nSome other words in between.\n${paragraph.replace('build.', 'build and the tests.')}\n`;
  const found = repeats(text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].slice(0, 2), [3, 5]);
  assert.match(found[0][2], /^a cold run takes about half an hour on/);
});

test('case and punctuation do not hide a repeat', () => {
  assert.equal(repeats(`${paragraph}\n\n${paragraph.toUpperCase().replace(/,/g, ';')}`).length, 1);
});

test('fenced code, table rows and runs shorter than nine words pass', () => {
  const code = '```sh\n./dev test   # runs every test of the workspace and the ui\n```';
  const row = '| 0 | no vendor has two permits on a day every time |';
  assert.deepEqual(repeats(`${code}\n${code}\n${row}\n${row}\n`), []);
  assert.deepEqual(repeats('one two three four five six seven eight.\none two three four five six seven eight.'), []);
});
