import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'

const eslint = new ESLint()
const ruleIds = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId)

describe('layering check (run by npm run lint)', { timeout: 120_000 }, () => {
  test('app/domain may not import the database, models, Remix or a server module, nor read the clock', async () => {
    const bad = [
      "import { eq } from 'drizzle-orm'\nexport const x = eq",
      "import { db } from '~db/client.server'\nexport const x = db",
      "import { json } from '@remix-run/node'\nexport const x = json",
      "import { listUsers } from '~/models/users.server'\nexport const x = listUsers",
      "import { env } from '../../utils/env.server'\nexport const x = env",
      'export const now = () => Date.now()',
      'export const now = () => new Date()',
    ]
    for (const code of bad) expect(await ruleIds(code, 'app/domain/example/bad.ts'), code).toEqual(expect.arrayContaining([expect.stringMatching(/no-restricted-(imports|syntax)/)]))
  })
  test('pure domain code passes', async () => {
    expect(await ruleIds("import { z } from 'zod'\nexport const at = (ms: number) => new Date(ms)\nexport const s = z.string()", 'app/domain/example/good.ts')).toEqual([])
  })
  test('components may not import server modules', async () => {
    expect(await ruleIds("import { db } from '~db/client.server'\nexport const x = db", 'app/components/bad.tsx')).toContain('no-restricted-imports')
  })
})
