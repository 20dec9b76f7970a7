import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, test } from 'vitest'

/**
 * File names are kebab-case (STYLE.md). Remix route modules follow the router's own file convention instead: `$param`
 * segments, `_index`, `segment_` to leave the parent layout, `[.]` escapes; data fixtures keep the names they were given.
 */
const roots = ['app', 'db', 'tests', 'scripts', 'bench']
const kebab = /^[a-z0-9][a-z0-9.-]*$/
const routeSegment = /^(?:_index|\$[a-zA-Z]+_?|[a-z0-9][a-z0-9-]*_?|[a-z0-9-]*\[[.a-z]+\][a-z0-9-]*)$/
const exempt = new Set(['README.md', '.gitkeep'])

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return []
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

function isRouteName(name: string): boolean {
  const stem = name.replace(/\.(tsx|ts)$/, '')
  return stem.split(/\.(?![^[]*\])/).every((segment) => routeSegment.test(segment))
}

test('every source file name is kebab-case (route modules follow the Remix file convention)', () => {
  const offenders = roots
    .flatMap((root) => filesUnder(root))
    .map((path) => relative(process.cwd(), path))
    .filter((path) => !path.startsWith('tests/fixtures/'))
    .filter((path) => {
      const name = path.split('/').pop() ?? path
      if (exempt.has(name) || kebab.test(name)) return false
      return !(path.startsWith('app/routes/') && isRouteName(name))
    })
  expect(offenders).toEqual([])
})
