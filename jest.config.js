// One Jest run, four projects: unit (pure rules, beside the code), medium (one service's modules against the
// real servers), integration (real PostgreSQL and RabbitMQ of the test stack) and e2e (through the real
// Nginx). `npm test` starts the stack first; the fault project runs alone afterwards.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{apps,libs}/*/test/**/*.int-spec.ts',
        '<rootDir>/test/integration/**/*.int-spec.ts',
      ],
      setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
    },
    {
      // The middle tier: one service's repositories and services against the test stack's PostgreSQL (and
      // RabbitMQ where it matters), in a database of their own, without Nginx or the other services.
      ...shared,
      displayName: 'medium',
      testMatch: ['<rootDir>/apps/*/test/medium/**/*.medium-spec.ts'],
      setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.e2e-spec.ts', '<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
    },
    {
      // The web dashboard in headless Chromium (Debian's package, driven by playwright-core).
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
    },
    {
      // Run alone after the others (scripts/test.sh): these stop shared servers of the test stack.
      ...shared,
      displayName: 'fault',
      testMatch: ['<rootDir>/test/fault/**/*.fault-spec.ts'],
      setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
    },
    {
      // Benchmarks print figures and assert no timing; only `npm run bench:*` runs them.
      ...shared,
      displayName: 'bench',
      testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
      setupFiles: ['<rootDir>/test/support/load-stack-env.ts'],
    },
  ],
  testTimeout: 60000,
  maxWorkers: 2,
};
