import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyBuild } from '../src/lazy-build.ts';

// The served bundles (SDK, secure iframe, hosted-checkout script) are built through this.

test('requests arriving together share one build, and later ones reuse it', async () => {
  const cached = lazyBuild<string>();
  let builds = 0;
  const build = async () => {
    builds++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return 'bundle';
  };
  assert.deepEqual(await Promise.all([cached('k', build), cached('k', build), cached('k', build)]), ['bundle', 'bundle', 'bundle']);
  assert.equal(await cached('k', build), 'bundle');
  assert.equal(builds, 1);
});

test('a failed build is not kept: every waiting request sees the error, the next one builds again', async () => {
  const cached = lazyBuild<string>();
  let builds = 0;
  const flaky = async () => {
    builds++;
    if (builds === 1) throw new Error('esbuild failed');
    return 'bundle';
  };
  const together = await Promise.allSettled([cached('k', flaky), cached('k', flaky)]);
  assert.deepEqual(together.map((r) => r.status), ['rejected', 'rejected']);
  assert.equal(await cached('k', flaky), 'bundle');
  assert.equal(builds, 2);
});

test('a new key (a rotated pinning key) builds afresh and replaces the old build', async () => {
  const cached = lazyBuild<string>();
  let builds = 0;
  const build = (label: string) => async () => {
    builds++;
    return label;
  };
  assert.equal(await cached('key-1', build('one')), 'one');
  assert.equal(await cached('key-1,key-2', build('two')), 'two');
  assert.equal(await cached('key-1,key-2', build('never')), 'two');
  assert.equal(builds, 2);
});
