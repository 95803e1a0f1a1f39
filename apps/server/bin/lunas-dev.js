#!/usr/bin/env node
// `npm run dev`: the CLI from the TypeScript sources through tsx (a checkout only; the package runs dist/).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/index.ts');
await main(process.argv.slice(2));
