import tseslint from 'typescript-eslint'

/** Lint rules for the monorepo; `console` is only allowed in the CLI and scripts. */
export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'packages/proto/src/gen/**', 'examples/**/.botpress/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@switchboard/*/src/*'], message: 'Import a package by its name, not its files.' },
          ],
        },
      ],
    },
  },
  { files: ['packages/cli/**', 'scripts/**', '**/bench/**', '**/*.test.ts'], rules: { 'no-console': 'off' } },
)
