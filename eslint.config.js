// Lint, including the one-way layering rule: ui -> worker -> core, cli -> core. Nothing imports upward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const upward = (from, banned) => ({
  files: [`src/${from}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: banned.map((layer) => ({
          group: [`**/${layer}/*`, `**/${layer}`],
          message: `src/${from} must not import from src/${layer} (layers: ui -> worker -> core, cli -> core).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  upward('core', ['ui', 'worker', 'cli']),
  upward('worker', ['ui', 'cli']),
  upward('cli', ['ui', 'worker']),
  upward('ui', ['cli']),
);
