// The dashboard's API types are generated from the services' OpenAPI documents: the committed ones must be
// what the running services describe now (`npm run web:api` regenerates them).
import { gatewayUrl } from '@evently/testing/stack';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const generator = join(ROOT, 'node_modules', '.bin', 'openapi-typescript');

describe('apps/web API types', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evently-web-api-'));

  it.each(['user-service', 'event-service', 'booking-service', 'notifier-service'])(
    'match the OpenAPI document of %s',
    async (service) => {
      const out = join(dir, `${service}.ts`);
      await new Promise<void>((resolve, reject) =>
        execFile(generator, [`${gatewayUrl()}/docs/specs/${service}.json`, '-o', out], (error) =>
          error ? reject(new Error(error.message)) : resolve(),
        ),
      );
      const committed = readFileSync(join(ROOT, 'apps', 'web', 'src', 'api', `${service}.ts`), 'utf8');
      expect(readFileSync(out, 'utf8')).toBe(committed);
    },
    60_000,
  );
});
