// The RSVP demo (npm run demo) run against the test stack, as a newcomer would run it against theirs.
import { gatewayUrl } from '@evently/testing/stack';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const demo = join(__dirname, '..', '..', 'dist', 'scripts', 'demo.js');

const runDemo = (...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      'node',
      [demo, '--gateway', gatewayUrl(), ...args],
      { timeout: 90_000 },
      (error, stdout, stderr) => {
        // A failing run's transcript is what tells why: keep it in the test output.
        if (error) process.stderr.write(`demo ${args.join(' ')} failed:\n${stdout}${stderr}\n`);
        resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
      },
    );
  });

describe('npm run demo', () => {
  it('runs host and guests end to end and exits 0 with a summary matching the personas (deadline)', async () => {
    const { code, out } = await runDemo('--guests', '6', '--deadline', '6');
    expect(out).toContain('got the summary (at the deadline)');
    expect(out).toMatch(/invited\s+6\s+6/);
    expect(out).toMatch(/pending\s+1\s+1/);
    expect(out).toContain('The summary matches what the guests did.');
    expect(code).toBe(0);
  }, 90_000);

  it('gets the summary as soon as everyone has answered when no guest is silent', async () => {
    const { code, out } = await runDemo('--guests', '4', '--deadline', '60');
    expect(out).toContain('got the summary (everyone answered)');
    expect(out).toMatch(/pending\s+0\s+0/);
    expect(code).toBe(0);
  }, 90_000);

  it('refuses bad options', async () => {
    const { code, out } = await runDemo('--guests', '0');
    expect(code).toBe(1);
    expect(out).toContain('--guests must be 1..100');
  });
});
