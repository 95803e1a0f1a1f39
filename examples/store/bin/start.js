#!/usr/bin/env node
// `npm run store`: the example shop and Lunas together. The sources are TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/start.ts');
