// The boundaries ESLint keeps (eslint.config.mjs): an app or lib reaches other code only through libs'
// entry points, never another app, never a lib's src, never test support. Probe files are written where
// such code would live and linted in one run of ESLint's CLI (its config is an ES module, which Jest's
// module system cannot load), so a rule that stops applying fails here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const PROBES: Record<string, string> = {
  'apps/event-service/src/lint-probe/into-lib.ts': `import { AppException } from '@evently/common/errors/app.exception';`,
  'apps/event-service/src/lint-probe/other-app.ts': `import { BookingService } from '../../../booking-service/src/booking/booking.service';`,
  'apps/event-service/src/lint-probe/test-support.ts': `import { eventually } from '@evently/testing/eventually';`,
  'apps/event-service/src/lint-probe/entry-point.ts': `import { AppException } from '@evently/common';`,
  'libs/common/src/lint-probe/an-app.ts': `import { AppModule } from '../../../../apps/user-service/src/app.module';`,
};

describe('import boundaries (ESLint)', () => {
  const refused = new Map<string, string[]>();

  beforeAll(() => {
    const files = Object.keys(PROBES);
    try {
      for (const [file, line] of Object.entries(PROBES)) {
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), `${line}\nexport const used = [0];\n`);
      }
      const run = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--format', 'json', ...files], {
        cwd: root,
        encoding: 'utf8',
      });
      for (const result of JSON.parse(run.stdout) as {
        filePath: string;
        messages: { ruleId: string | null; message: string }[];
      }[]) {
        const file = result.filePath.slice(root.length + 1);
        refused.set(
          file,
          result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
        );
      }
    } finally {
      for (const dir of ['apps/event-service/src/lint-probe', 'libs/common/src/lint-probe']) {
        rmSync(join(root, dir), { recursive: true, force: true });
      }
    }
  }, 120_000);

  it.each([
    ['a path into a lib', 'into-lib'],
    ['another app', 'other-app'],
    ['test support', 'test-support'],
  ])('refuses %s in an app', (_what, probe) => {
    expect(refused.get(`apps/event-service/src/lint-probe/${probe}.ts`)).toHaveLength(1);
  });

  it('refuses an app in a lib', () => {
    expect(refused.get('libs/common/src/lint-probe/an-app.ts')).toHaveLength(1);
  });

  it("lets an app use a lib's entry point", () => {
    expect(refused.get('apps/event-service/src/lint-probe/entry-point.ts')).toEqual([]);
  });
});
