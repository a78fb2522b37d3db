// Writes the RS256 key pair of access tokens into a folder, once (compose's "keys" job).
// Usage: node dist/scripts/generate-keys.js <dir>
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: generate-keys <dir>\n');
  process.exit(2);
}
const privatePath = join(dir, 'jwt-private.pem');
const publicPath = join(dir, 'jwt-public.pem');
if (existsSync(privatePath) && existsSync(publicPath)) {
  process.stdout.write(`Keys already in ${dir}\n`);
} else {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  process.stdout.write(`Generated ${privatePath} and ${publicPath}\n`);
}
