import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'

/**
 * The static checks of `npm run lint` really fire: each rule is shown a small offending piece of code, linted with the
 * project's own eslint.config.js at a real path, and must report it (and stay quiet on the fixed version).
 */
const eslint = new ESLint({ cwd: process.cwd() })

async function rulesAt(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => m.ruleId ?? m.message)
}

describe('lint rules', { timeout: 120_000 }, () => {
  test('an import cycle fails the lint (import-x/no-cycle)', async () => {
    const lint = new ESLint({ cwd: process.cwd(), ignore: false })
    const [result] = await lint.lintFiles(['tests/fixtures/lint/cycle-a.ts'])
    expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle')
  })

  test('a floating promise fails the lint; an awaited or voided one does not', async () => {
    const floating = `async function save(): Promise<void> {}\nexport function onTap() {\n  save()\n}\n`
    expect(await rulesAt('app/utils/ids.ts', floating)).toContain('@typescript-eslint/no-floating-promises')
    const handled = `async function save(): Promise<void> {}\nexport async function onTap() {\n  await save()\n  void save()\n}\n`
    expect(await rulesAt('app/utils/ids.ts', handled)).not.toContain('@typescript-eslint/no-floating-promises')
  })

  test('a promise where a void callback is expected, and awaiting a non-promise, fail the lint', async () => {
    const misused = `export function start(list: string[]) {\n  list.forEach(async (x) => { await Promise.resolve(x) })\n}\n`
    expect(await rulesAt('app/utils/ids.ts', misused)).toContain('@typescript-eslint/no-misused-promises')
    const thenable = `export async function f() {\n  return await 42\n}\n`
    expect(await rulesAt('app/utils/ids.ts', thenable)).toContain('@typescript-eslint/await-thenable')
  })

  test('a switch over a union that forgets a case fails the lint', async () => {
    const code = `export function label(s: 'a' | 'b'): string {\n  switch (s) {\n    case 'a':\n      return 'A'\n  }\n  return ''\n}\n`
    expect(await rulesAt('app/utils/ids.ts', code)).toContain('@typescript-eslint/switch-exhaustiveness-check')
  })

  test('a list without keys fails the lint (react/jsx-key)', async () => {
    const code = `export function List({ items }: { items: string[] }) {\n  return <ul>{items.map((i) => <li>{i}</li>)}</ul>\n}\n`
    expect(await rulesAt('app/components/ui/layout.tsx', code)).toContain('react/jsx-key')
  })

  test('the layering: routes do not reach the database, utils do not import models, domain stays pure', async () => {
    expect(await rulesAt('app/routes/healthz.ts', `import { pingDb } from '~db/client.server'\nexport const loader = () => pingDb()\n`)).toContain('no-restricted-imports')
    expect(await rulesAt('app/routes/healthz.ts', `import { sql } from 'drizzle-orm'\nexport const q = sql\`select 1\`\n`)).toContain('no-restricted-imports')
    const utils = await rulesAt('app/utils/ids.ts', `import { listPrinters } from '~/models/printers/printers.server'\nexport const f = listPrinters\n`)
    expect(utils).toContain('@typescript-eslint/no-restricted-imports')
    // A type from a model is allowed in utils: it is gone at run time.
    const typeOnly = await rulesAt('app/utils/ids.ts', `import type { PrinterView } from '~/models/printers/rows.server'\nexport type P = PrinterView\n`)
    expect(typeOnly).not.toContain('@typescript-eslint/no-restricted-imports')
    expect(await rulesAt('app/domain/orders/progress.ts', `import { db } from '~db/client.server'\nexport const d = db\n`)).toContain('no-restricted-imports')
    expect(await rulesAt('app/domain/orders/progress.ts', `export const now = () => Date.now()\n`)).toContain('no-restricted-syntax')
  })
})
