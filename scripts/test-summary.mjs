// Adds up the JSON reports of this `npm test` run (vitest on each backend, Playwright) into one closing line.
import fs from 'node:fs'

const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null)
let passed = 0
let failed = 0
let skipped = 0
const parts = []
for (const [name, file] of [
  ['vitest (PGlite)', 'reports/vitest-pglite.json'],
  ['vitest (PostgreSQL)', 'reports/vitest-postgres.json'],
  ['fuzz', 'reports/vitest-fuzz.json'],
]) {
  const r = read(file)
  if (!r) continue
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
  parts.push(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)
}
const pw = read('reports/playwright.json')
if (pw) {
  passed += pw.stats.expected + pw.stats.flaky
  failed += pw.stats.unexpected
  skipped += pw.stats.skipped
  parts.push(`playwright: ${pw.stats.expected + pw.stats.flaky} passed, ${pw.stats.unexpected} failed, ${pw.stats.skipped} skipped`)
}
const fuzz = read('reports/fuzz.json')
if (fuzz) parts.push(`fuzz inputs (${fuzz.backend}): ${fuzz.total.inputs} over ${fuzz.targets} targets, ${fuzz.total.serverErrors} server errors`)
for (const p of parts) console.log(`  ${p}`)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
