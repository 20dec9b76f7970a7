import { spawnSync } from 'node:child_process'
import { expect, test } from 'vitest'

/**
 * The server draws nivo's charts with server/react-spring-static.mjs in place of @react-spring/web (issue 20: the library's
 * controllers were most of a chart's CPU). Every kind of chart the app draws must come out byte for byte as the
 * library draws it: tests/support/nivo-markup.mjs renders them once with plain Node and once with the hook server.mjs
 * registers.
 */
function render(args: string[]) {
  const r = spawnSync(process.execPath, [...args, 'tests/support/nivo-markup.mjs'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as { staticSpring: boolean; charts: Record<string, string> }
}

test('charts drawn with the static stand-in are identical to react-spring’s own markup', () => {
  const real = render([])
  const stand = render(['--import', './server/static-spring-register.mjs'])
  expect(real.staticSpring).toBe(false)
  expect(stand.staticSpring).toBe(true)
  expect(Object.keys(stand.charts)).toEqual(Object.keys(real.charts))
  for (const [name, markup] of Object.entries(real.charts)) {
    expect(markup, name).toContain('<svg')
    expect(stand.charts[name], name).toBe(markup)
  }
})
