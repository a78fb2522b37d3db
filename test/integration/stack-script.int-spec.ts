// The local stack script's promises about what it leaves listening (issue 12): every server of the stack
// on loopback only, and nothing started by merely asking for the status of a stopped stack.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEnv } from '@evently/testing/stack';

const root = join(__dirname, '..', '..');

/** Listening TCP sockets from /proc (no tools needed): local address (hex) and port. */
function listeners(): { address: string; port: number }[] {
  const rows: { address: string; port: number }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== '0A') continue; // 0A: LISTEN
      const [address, port] = fields[1].split(':');
      rows.push({ address, port: parseInt(port, 16) });
    }
  }
  return rows;
}

const LOOPBACK = new Set(['0100007F', '00000000000000000000000001000000']);

describe('scripts/stack.sh', () => {
  it('binds every server of the stack to loopback, the Erlang distribution and epmd included', () => {
    const ports = [
      'EVENTLY_PG_PORT',
      'EVENTLY_RABBIT_DIST_PORT',
      'EVENTLY_EPMD_PORT',
      'EVENTLY_MAIL_SMTP_PORT',
      'EVENTLY_USER_SERVICE_PORT',
    ].map((name) => Number(stackEnv(name)));
    ports.push(Number(new URL(stackEnv('EVENTLY_GATEWAY_URL')).port));
    ports.push(Number(new URL(stackEnv('EVENTLY_RABBITMQ_URL')).port));
    ports.push(Number(new URL(stackEnv('EVENTLY_RABBIT_MGMT_URL')).port));
    const open = listeners().filter((l) => ports.includes(l.port));
    expect(new Set(open.map((l) => l.port))).toEqual(new Set(ports));
    expect(open.filter((l) => !LOOPBACK.has(l.address))).toEqual([]);
  });

  it('reports a stopped stack as stopped without leaving an epmd daemon behind', () => {
    const state = mkdtempSync(join(tmpdir(), 'evently-stopped-'));
    const epmdPort = 40_000 + Math.floor(Math.random() * 5_000);
    const output = execFileSync('bash', [join(root, 'scripts', 'stack.sh'), 'status'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        EVENTLY_STACK: 'scratch',
        EVENTLY_STATE_DIR: state,
        EVENTLY_EPMD_PORT: String(epmdPort),
      },
      encoding: 'utf8',
    });
    expect(output).toMatch(/rabbitmq\s+stopped/);
    expect(listeners().filter((l) => l.port === epmdPort)).toEqual([]);
  });

  it('refuses a drill on a service that does not exist, with usage', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync('bash', [join(root, 'scripts', 'stack.sh'), 'service:start', 'no-such-service'], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          EVENTLY_STACK: 'scratch',
          EVENTLY_STATE_DIR: tmpdir(),
        },
        stdio: 'pipe',
      });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toContain('usage');
  });
});
