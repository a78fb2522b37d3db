// What a running local stack wrote about itself (.stack/<name>/stack.env: URLs, ports, passwords), for the
// scripts that talk to it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the stack `name` keeps its state (EVENTLY_STATE_DIR overrides, as in scripts/stack.sh). */
export const stackStateDir = (name: string): string =>
  process.env.EVENTLY_STATE_DIR ?? join(__dirname, '..', '..', '.stack', name);

/** The settings of the stack `name`, or undefined when it has never been started. */
export function readStackEnv(name: string): Record<string, string> | undefined {
  const file = join(stackStateDir(name), 'stack.env');
  if (!existsSync(file)) return undefined;
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
