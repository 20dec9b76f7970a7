/// <reference types="vite/client" />
import { describe, expect, test } from 'vitest'
import { makeRequest, makeUser, run, sessionFor, type TestUser } from '../support/app'
import { matrix, matrixGaps, type Outcome, type Who } from '../support/authz-matrix'
import { listRoutes } from '../support/route-inventory'

const routes = listRoutes()
const modules = import.meta.glob<{ loader?: (args: unknown) => Promise<unknown>; action?: (args: unknown) => Promise<unknown> }>('/app/routes/**/*.{ts,tsx}')

function moduleFor(id: string) {
  const file = routes.find((r) => r.id === id)?.file
  if (!file) throw new Error(`no route file for ${id}`)
  const key = Object.keys(modules).find((k) => file.endsWith(k))
  if (!key) throw new Error(`route ${id} not importable`)
  return modules[key]()
}

function classify(o: { status: number; location: string | null }): Outcome | string {
  if (o.status === 403) return 'forbidden'
  // The guard's redirect: /login, with the page to come back to (a successful logout goes to /login?signedOut=1).
  if (o.location === '/login' || o.location?.startsWith('/login?redirectTo=')) return 'login'
  return 'ok'
}

describe('authorization matrix', () => {
  test('every route has its rows (meta-test)', () => {
    expect(routes.length).toBeGreaterThan(10)
    expect(matrixGaps(routes, matrix)).toEqual([])
  })

  test('removing any route row makes the meta-test fail', () => {
    for (const row of matrix) {
      const without = matrix.filter((r) => r !== row)
      const stillCovered = without.some((r) => r.route === row.route && r.method === row.method && r.intent === row.intent)
      if (!stillCovered) expect(matrixGaps(routes, without), `dropping ${row.route} ${row.method} ${row.intent ?? ''}`).not.toEqual([])
    }
  })

  test('every row names a real route', () => {
    const ids = new Set(routes.map((r) => r.id))
    expect(matrix.filter((r) => !ids.has(r.route)).map((r) => r.route)).toEqual([])
  })

  test('each role gets exactly the expected outcome on every route, method and intent', async () => {
    // Setup must be closed for the matrix: an admin exists.
    const people: Record<Exclude<Who, 'anonymous'>, TestUser> = {
      viewer: await makeUser('viewer'),
      operator: await makeUser('operator'),
      planner: await makeUser('planner'),
      admin: await makeUser('admin'),
    }
    const mismatches: string[] = []
    let checked = 0
    for (const row of matrix) {
      const mod = await moduleFor(row.route)
      const fixture = row.fixture ? await row.fixture() : {}
      for (const who of ['anonymous', 'viewer', 'operator', 'planner', 'admin'] as const) {
        const self = who === 'anonymous' ? people.viewer.id : people[who].id
        const values: Record<string, string> = { ...fixture, self }
        const fill = (v: string) => (v.startsWith(':') && v.slice(1) in values ? values[v.slice(1)] : v)
        const params = Object.fromEntries(Object.entries(row.params ?? {}).map(([k, v]) => [k, fill(v)]))
        const path = row.path.replace(/:([A-Za-z]\w*)/g, (m, name: string) => values[name] ?? m)
        // A fresh session per call: the logout row ends the session it is given.
        const cookie = who === 'anonymous' ? undefined : await sessionFor(people[who].id)
        const form = { ...(row.form ?? {}), ...(row.intent ? { intent: row.intent } : {}) }
        const request = row.method === 'GET' ? makeRequest(path, { cookie }) : makeRequest(path, { cookie, form, method: 'POST' })
        const fn = row.method === 'GET' ? mod.loader : mod.action
        if (!fn) throw new Error(`${row.route} has no ${row.method === 'GET' ? 'loader' : 'action'}`)
        const outcome = await run(() => fn({ request, params, context: {} }))
        let got = classify(outcome)
        if (row.expect[who] === 'closed' && outcome.location === '/login') got = 'closed'
        checked++
        if (got !== row.expect[who]) mismatches.push(`${row.method} ${row.route}${row.intent ? ` [${row.intent}]` : ''} as ${who}: expected ${row.expect[who]}, got ${got} (${outcome.status} ${outcome.location ?? ''})`)
      }
    }
    expect(mismatches).toEqual([])
    expect(checked).toBe(matrix.length * 5)
  })
})
