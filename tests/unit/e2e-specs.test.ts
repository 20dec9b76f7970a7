import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

// Two Playwright workers share one server and database. Every spec takes `test` from tests/e2e/fixtures.ts, whose lock
// lets a test that acts on the whole shop (`test.use({ alone: true })`) run with no other test beside it; a spec that
// imports Playwright's own `test` would run beside it anyway.
test('every e2e spec takes its test function from tests/e2e/fixtures.ts (the lock that lets a test run alone)', () => {
  const dir = path.resolve('tests/e2e')
  const ownTest = /import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'@playwright\/test'/
  const specs = fs.readdirSync(dir).filter((f) => f.endsWith('.spec.ts'))
  expect(specs.length).toBeGreaterThan(0)
  expect(specs.filter((f) => ownTest.test(fs.readFileSync(path.join(dir, f), 'utf8')))).toEqual([])
})
