// Loads the running test stack's settings (written by scripts/stack.sh) into process.env.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const stack = process.env.EVENTLY_STACK ?? 'test';
const file = join(process.env.EVENTLY_STATE_DIR ?? join(__dirname, '..', '..', '.stack', stack), 'stack.env');
if (!existsSync(file)) {
  throw new Error(`No running "${stack}" stack (${file} is missing): run the tests with \`npm test\`.`);
}
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
  if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
}
