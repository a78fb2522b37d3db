// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

/** Imports every file must avoid (rules below add the boundaries of apps and libs). */
const restrictedPaths = [
  {
    name: 'class-validator',
    importNames: ['IsOptional'],
    message: 'Use Omittable() (null is 400) or Clearable() (null clears) from @evently/common.',
  },
  {
    name: '@nestjs/swagger',
    importNames: ['PartialType'],
    message: 'Use PatchOf() from @evently/common: it keeps null subject to validation.',
  },
];

/** A lib is used through its entry point (`@evently/<lib>`), never by a path into its `src`. */
const libInternals = {
  group: [
    '@evently/common/*',
    '@evently/auth/*',
    '@evently/messaging/*',
    '@evently/contracts/*',
    '@evently/scheduler/*',
    '@evently/sse/*',
    '@evently/time/*',
    '@evently/money/*',
    '**/libs/*/src/**',
  ],
  message: 'Import a lib through its entry point (@evently/<lib>), not a path into its src.',
};
/** Another app's code (apps/<name>): services share nothing but libs and messages. */
const otherApps = {
  group: ['**/apps/**', '**/*-service/src/**', '**/web/src/**'],
  message: 'An app or lib never imports an app: share through libs/ (code) or messages (data).',
};
/** Test helpers belong to tests. */
const testSupport = {
  group: ['@evently/testing', '@evently/testing/*', '**/test/support/**'],
  message: 'Production code never imports test support.',
};

const restrictImports = (...patterns) => ['error', { paths: restrictedPaths, patterns }];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.stack/**',
      'coverage/**',
      '*.config.{js,mjs}',
      'nginx/**',
      'apps/web/src/api/*-service.ts',
      // Served as written, outside the TypeScript build: the service worker (plain browser JavaScript).
      'apps/web/public/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: {
        // The web app's specs run under Jest with the root settings; its own tsconfig leaves them out.
        projectService: { allowDefaultProject: ['apps/web/src/*.spec.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': restrictImports(),
    },
  },
  {
    // Boundaries: an app's and a lib's own code reaches other code only through libs' entry points.
    files: ['apps/*/src/**/*.{ts,tsx}', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': restrictImports(libInternals, otherApps, testSupport) },
  },
  {
    // The web dashboard: React's rules of hooks too.
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', 'test/**/*.ts', '{apps,libs}/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Node scripts written as ES modules (kubernetes-models is ESM-only): plain JavaScript, not type-checked.
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
);
