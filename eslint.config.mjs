import tseslint from 'typescript-eslint';

// Types cross every boundary (they vanish at build time); code does not.
const typesOnly = (group, message) => ({ group, message, allowTypeImports: true });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/artifacts/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Small units: a function that no longer fits on two screens is split by concern.
    files: ['electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    rules: {
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The engine runs in the CLI, in main and in tests: it never pulls in Electron, main or the CLI.
    files: ['electron/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine must not depend on Electron.' }],
          patterns: [
            {
              group: ['**/main/*', '**/cli/*', '**/preload/*'],
              message: 'The engine is called by main and the CLI, never the other way.',
            },
            { group: ['**/renderer/**'], message: 'The engine does not know the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The CLI must not depend on Electron.' }] },
      ],
    },
  },
  {
    // The renderer talks to main through the contract only; pure helpers it shares with the
    // CLI live in electron/shared. Engine, main and Node modules stay out of the page.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The page has no Electron API: use window.doctor (api.ts).' }],
          patterns: [
            typesOnly(
              ['**/electron/engine/**'],
              'The renderer may import engine types only; pure helpers go in electron/shared.',
            ),
            {
              group: ['**/electron/main/**', '**/electron/cli/**', '**/electron/preload/**'],
              message: 'The renderer talks to main through electron/contract.ts only.',
            },
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os'],
              message: 'The page runs sandboxed, without Node.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared helpers run in the page too: pure code, engine types at most.
    files: ['electron/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Shared helpers run in the page too.' }],
          patterns: [
            typesOnly(['**/engine/**'], 'Shared helpers may use engine types only.'),
            {
              group: ['**/main/**', '**/cli/**', '**/preload/**', '**/renderer/**'],
              message: 'Shared helpers depend on nothing but types.',
            },
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os'],
              message: 'Shared helpers run in the page too.',
            },
          ],
        },
      ],
    },
  },
);
