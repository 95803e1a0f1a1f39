import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface RecipeStep {
  name?: string;
  run: string;
  if?: string;
}

/**
 * The GitHub Actions job of docs/ci.md, read from the page itself (its first ```yaml block), so
 * the project's CI runs exactly what the recipe tells merchants to run.
 */
export function ciRecipe(file: string): { env: Record<string, string>; steps: RecipeStep[] } {
  const text = readFileSync(file, 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(text)?.[1];
  if (!block) throw new Error(`${file} has no yaml block`);
  const workflow = parse(block) as { jobs: Record<string, { env?: Record<string, string>; steps: (RecipeStep & { uses?: string })[] }> };
  const job = Object.values(workflow.jobs)[0]!;
  // `uses:` steps are GitHub's own (checkout, setup-node): the test has the folder and Node already.
  return { env: job.env ?? {}, steps: job.steps.filter((step) => typeof step.run === 'string') };
}
