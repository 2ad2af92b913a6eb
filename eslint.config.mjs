// Lint rules encode the architecture: workflows are deterministic and import no I/O,
// promises are never left floating, and modules never import each other in a cycle.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'test-output/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { typescript: true, node: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries,
    // no simulator, no process config, and activities only as types.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins,
            'axios',
            'protobufjs',
            '@temporalio/client',
            '@temporalio/worker',
            '@temporalio/activity',
          ],
          patterns: [
            {
              group: [
                '**/sim/**',
                '**/mesos-bridge/**',
                '**/workers/**',
                '**/common/config*',
                '**/common/log*',
                '**/common/codec/encryption*',
                '**/common/codec/keys*',
                '**/common/codec/from-config*',
                '**/common/codec/http-server*',
              ],
              message: 'workflows must stay deterministic',
            },
            {
              group: ['**/activities/**', '**/activities'],
              allowTypeImports: true,
              message: 'import activities as types only',
            },
          ],
        },
      ],
    },
  },
  {
    // Production code never depends on the simulator.
    files: ['common/**/*.ts', 'activities/**/*.ts', 'workers/**/*.ts', 'mesos-bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/sim/**', '**/sim'], message: 'production code never imports the simulator' }] },
      ],
    },
  },
  prettier
);
