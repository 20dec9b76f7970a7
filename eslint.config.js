import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const serverOnly = { group: ['*.server', '*.server.*', '**/*.server', '**/*.server.*'], message: 'Server-only modules may not be imported here.' }

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The layering rule (STYLE.md): domain logic is pure — no database, no framework, no server module.
    files: ['app/domain/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            serverOnly,
            { group: ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*'], message: 'app/domain is pure: no database access.' },
            { group: ['@remix-run/*', 'react', 'react-dom', 'react/*'], message: 'app/domain is pure: no framework.' },
            { group: ['~db/*', '**/db/*', '~/models/*', '**/models/*', '~/routes/*', '**/routes/*'], message: 'app/domain may not reach into db, models or routes.' },
            { group: ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process'], message: 'app/domain does no I/O.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'app/domain reads no clock: take "now" as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'app/domain reads no clock: take "now" as an argument.' },
      ],
    },
  },
  {
    files: ['app/domain/**/*.test.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['app/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverOnly, { group: ['~db/*', '**/db/*', '~/models/*'], message: 'Components take data as props.' }] }] },
  },
)
