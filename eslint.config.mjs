// Lint for the whole workspace: typescript-eslint with type information, import cycles, React hooks.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['server/tsconfig.json', 'client/tsconfig.json', 'tests/tsconfig.json', 'bench/tsconfig.json', 'fixtures/tsconfig.json'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Values from JSON, the database and sockets are checked by zod at the edges; inside, these
      // rules would flag every typed-but-loose library boundary (mongoose lean results, yjs).
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // A variable a shutdown handler reads before start-up assigns it stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // The tests and benchmarks see the server through its declarations (server/dist, which
    // `npm run lint` builds first), as their type-checks do: their programs do not hold the
    // server's sources a second and third time, which made the lint about 40 % slower.
    files: ['bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['./bench/tsconfig.check.json'] } },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The rules of hooks; the plugin's other rules are written for code the React Compiler
      // compiles, which this client does not use.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Components take their callbacks as props declared with method syntax and never use `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['./tests/tsconfig.check.json'] } },
    rules: {
      // Test helpers use loosely typed HTTP bodies on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
