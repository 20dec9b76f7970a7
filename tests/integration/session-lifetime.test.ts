import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { sessions } from '~db/schema'
import * as index from '~/routes/_index/route'
import * as login from '~/routes/login'
import { runHousekeeping } from '~/models/housekeeping.server'
import { resetEnvCache } from '~/utils/env.server'
import { callAction, callLoader, makeRequest, makeUser, sessionFor, setCookies } from '../support/app'

// Issue #15 finding 5: a session kept busy never ended; SESSION_MAX_DAYS (default 30) is its absolute lifetime.

const DAY = 24 * 3600_000
const home = (cookie: string) => callLoader(index, makeRequest('/', { cookie }))
const age = (userId: string, days: number) =>
  db.update(sessions).set({ createdAt: new Date(Date.now() - days * DAY), lastSeenAt: new Date() }).where(eq(sessions.userId, userId))

afterEach(() => {
  delete process.env.SESSION_MAX_DAYS
  resetEnvCache()
})

describe('absolute session lifetime', () => {
  test('a session in daily use ends 30 days after sign-in, however recently it was used', async () => {
    const u = await makeUser('operator')
    const cookie = await sessionFor(u.id)
    await age(u.id, 29)
    expect(await home(cookie)).toMatchObject({ status: 200 })
    await age(u.id, 31)
    expect(await home(cookie)).toMatchObject({ status: 302, location: '/login' })
    expect(await db.select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(0)
  })

  test('SESSION_MAX_DAYS sets the lifetime and the cookie lasts exactly as long', async () => {
    process.env.SESSION_MAX_DAYS = '2'
    resetEnvCache()
    const u = await makeUser('viewer')
    const res = await callAction(login, makeRequest('/login', { form: { username: u.username, password: u.password } }))
    const setCookie = setCookies(res).find((c) => c.startsWith('mes_session='))!
    expect(setCookie).toMatch(/Max-Age=172800(;|$)/)
    const cookie = setCookie.split(';')[0]
    await age(u.id, 1)
    expect(await home(cookie)).toMatchObject({ status: 200 })
    await age(u.id, 3)
    expect(await home(cookie)).toMatchObject({ status: 302, location: '/login' })
  })

  test('housekeeping removes sessions past their lifetime, keeps live ones', async () => {
    const old = await makeUser('viewer')
    const live = await makeUser('viewer')
    await sessionFor(old.id)
    await sessionFor(live.id)
    await age(old.id, 40)
    await runHousekeeping()
    expect(await db.select().from(sessions).where(eq(sessions.userId, old.id))).toHaveLength(0)
    expect(await db.select().from(sessions).where(eq(sessions.userId, live.id))).toHaveLength(1)
  })
})
