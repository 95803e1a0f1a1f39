import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

/**
 * The docs a user reads link only to files that ship with them: every relative link in the
 * READMEs and docs/ resolves to a file or folder inside this repository.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const pages = [
  'README.md',
  'apps/server/README.md',
  'packages/webhook-verify/README.md',
  'packages/secure-fields/README.md',
  'examples/store/README.md',
  ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
].filter((page) => existsSync(path.join(ROOT, page)));

test('every relative link in the docs points at a file inside the repository', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const text = readFileSync(path.join(ROOT, page), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target!)) continue;
      checked++;
      const resolved = path.resolve(path.dirname(path.join(ROOT, page)), target!.split('#')[0]!);
      if (!resolved.startsWith(ROOT + path.sep) || !existsSync(resolved)) broken.push(`${page}: ${target}`);
    }
    if (/\.\.\/shared\//.test(text)) broken.push(`${page}: names ../shared/, which is not in the repository`);
  }
  assert.deepEqual(broken, []);
  assert.ok(checked >= 20, `only ${checked} relative links found: is the link pattern still right?`);
  assert.ok(pages.length >= 8, pages.join(', '));
});
