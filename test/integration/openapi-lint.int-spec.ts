// Every service's OpenAPI document (as the gateway serves it to the Swagger UI and to generated clients)
// passes Redocly's recommended rules: summaries, security, 4xx answers, valid schemas.
import { gatewayRequest, newClientAddress } from '@evently/testing/gateway-client';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVICES = ['user-service', 'event-service', 'booking-service', 'notifier-service'];
const redocly = join(__dirname, '..', '..', 'node_modules', '.bin', 'redocly');

const lint = (file: string) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      redocly,
      ['lint', file, '--extends=recommended', '--format=stylish'],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });

describe('OpenAPI documents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evently-openapi-'));

  it.each(SERVICES)(
    '%s passes `redocly lint` with the recommended rules',
    async (service) => {
      const res = await gatewayRequest(`/docs/specs/${service}.json`, { from: newClientAddress() });
      expect(res.status).toBe(200);
      const file = join(dir, `${service}.json`);
      writeFileSync(file, res.text());
      const { code, out } = await lint(file);
      expect(out).not.toMatch(/\berror\b/i);
      expect(code).toBe(0);
    },
    60_000,
  );

  it('gives every operation a summary, a security requirement and its 4xx answers', async () => {
    for (const service of SERVICES) {
      const document = (
        await gatewayRequest(`/docs/specs/${service}.json`, { from: newClientAddress() })
      ).json() as {
        paths: Record<
          string,
          Record<string, { summary?: string; security?: unknown[]; responses: Record<string, unknown> }>
        >;
      };
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          const where = `${service} ${method.toUpperCase()} ${path}`;
          expect([where, typeof operation.summary]).toEqual([where, 'string']);
          expect([where, Array.isArray(operation.security)]).toEqual([where, true]);
          expect([where, Object.keys(operation.responses).some((code) => code.startsWith('4'))]).toEqual([
            where,
            true,
          ]);
        }
      }
    }
  });
});
