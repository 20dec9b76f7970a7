import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const serverOnly = { group: ['*.server', '*.server.*', '**/*.server', '**/*.server.*'], message: 'Server-only modules may not be imported here.' }
const database = { group: ['~db/*', '**/db/*', 'drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*'], message: 'Database access lives in app/models (routes orchestrate; models query).' }
// The catalogs stay on the server; the browser gets its page's language alone (app/i18n/registry.ts). Types are fine.
const catalogs = {
  regex: '^(~|\\.\\.?)/i18n(/(?!(registry|josa)$).*)?$',
  allowTypeImports: true,
  message: 'Code that runs in the browser takes messages from useT or ~/i18n/registry: the catalogs stay on the server.',
}
const models = { group: ['~/models/*', '~/models/**', '**/models/*', '**/models/**'], message: 'app/utils is below app/models: it may not import them.' }

export default tseslint.config(
  {
    ignores: ['build/**', 'public/build/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', '.cache/**', 'reports/**', 'tests/fixtures/lint/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        // allowDefaultProject: the made-up paths tests/unit/layering.test.ts lints text at (they are not files on disk).
        projectService: { allowDefaultProject: ['app/domain/example/*.ts', 'app/components/bad.tsx'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks, react },
    settings: { react: { version: '18.3' } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react/jsx-key': ['error', { checkFragmentShorthand: true, warnOnDuplicates: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Promises are awaited, returned or explicitly voided; a promise is never passed where a void callback is expected.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // JavaScript config and server files are not part of the TypeScript project.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // No import cycles anywhere in the application (a cycle makes module order, and so behaviour, depend on who loads first).
    files: ['app/**/*.{ts,tsx}', 'db/**/*.ts', 'tests/fixtures/lint/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.jsx', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
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
  {
    // Routes orchestrate: they call models, never the database directly.
    files: ['app/routes/**/*.{ts,tsx}', 'app/root.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [database] }] },
  },
  {
    // utils sit below models (a type from a model is fine: it is gone at run time).
    files: ['app/utils/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ ...models, allowTypeImports: true }] }] },
  },
  {
    // Browser code (everything but server modules, tests and the catalogs themselves) never imports the catalogs.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/**/*.server.ts', 'app/**/*.test.ts', 'app/i18n/**', 'app/utils/**', 'app/entry.server.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [catalogs] }] },
  },
  {
    files: ['app/utils/**/*.{ts,tsx}'],
    ignores: ['app/utils/**/*.server.ts', 'app/utils/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ ...models, allowTypeImports: true }, catalogs] }] },
  },
)
