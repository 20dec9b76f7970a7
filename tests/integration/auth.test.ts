import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { appSettings, auditLog, loginAttempts, sessions, users } from '~db/schema'
import * as index from '~/routes/_index/route'
import * as login from '~/routes/login'
import * as logout from '~/routes/logout'
import * as setup from '~/routes/setup'
import { hashSessionId } from '~/utils/session.server'
import { createCookie } from '@remix-run/node'
import { callAction, callLoader, cookieHeader, makeRequest, makeUser, setCookies } from '../support/app'

const readSessionCookie = (header: string) => createCookie('mes_session').parse(header)
const auditRows = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action))

async function signIn(username: string, password: string, ip = '10.0.0.1', cookie?: string) {
  return callAction(login, makeRequest('/login', { form: { username, password, redirectTo: '/' }, ip, cookie }))
}

function sessionCookieOf(setCookie: string[]): string {
  const c = setCookie.find((s) => s.startsWith('mes_session='))
  if (!c) throw new Error('no session cookie set')
  return cookieHeader(c)
}

describe('first run', () => {
  // These cases need a database without users, whatever ran before them in this worker.
  beforeEach(async () => {
    await db.delete(appSettings)
    await db.delete(users)
  })

  test('a fresh database sends every visitor to /setup, which creates the first admin once and then closes for good', async () => {
    const home = await callLoader(index, makeRequest('/'))
    expect(home).toMatchObject({ status: 302, location: '/setup' })

    const created = await callAction(
      setup,
      makeRequest('/setup', { form: { setupCode: process.env.SETUP_CODE!, username: 'Owner', displayName: 'Shop Owner', password: 'correct horse', confirm: 'correct horse' } }),
    )
    expect(created).toMatchObject({ status: 302, location: '/' })
    const [admin] = await db.select().from(users)
    expect(admin).toMatchObject({ username: 'owner', role: 'admin' })
    expect(await auditRows('setup.first_admin')).toHaveLength(1)

    // The new admin is signed in by the setup itself.
    const cookie = sessionCookieOf(setCookies(created))
    expect(await callLoader(index, makeRequest('/', { cookie }))).toMatchObject({ status: 200 })

    // Setup is closed now: GET and POST both go to /login and create nothing.
    expect(await callLoader(setup, makeRequest('/setup'))).toMatchObject({ status: 302, location: '/login' })
    const again = await callAction(setup, makeRequest('/setup', { form: { username: 'intruder', displayName: 'x', password: 'password1', confirm: 'password1' } }))
    expect(again).toMatchObject({ status: 302, location: '/login' })
    expect(await db.select().from(users)).toHaveLength(1)
    expect(await auditRows('setup.first_admin')).toHaveLength(1)
  })

  test('setup rejects bad input field by field and stores nothing', async () => {
    const res = await callAction(setup, makeRequest('/setup', { form: { username: 'a', displayName: '', password: 'short', confirm: 'other' } }))
    expect(res.status).toBe(400)
    const errors = (res.data as { error: Record<string, string[]> }).error
    expect(errors.username).toEqual(['error.username'])
    expect(errors.displayName).toEqual(['error.displayName'])
    expect(errors.password).toEqual(['error.passwordLength'])
    expect(await db.select().from(users)).toHaveLength(0)
  })
})

describe('login and sessions', () => {
  test('stores passwords as argon2id with m=19456, t=2', async () => {
    const u = await makeUser('operator')
    const [row] = await db.select().from(users).where(eq(users.id, u.id))
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  test('a login creates a new session id (different from any earlier one) and one audit row', async () => {
    const u = await makeUser('planner')
    const first = await signIn(u.username, u.password)
    expect(first).toMatchObject({ status: 302, location: '/' })
    const cookieA = sessionCookieOf(setCookies(first))
    const second = await signIn(u.username, u.password, '10.0.0.1', cookieA)
    const cookieB = sessionCookieOf(setCookies(second))
    expect(cookieB).not.toEqual(cookieA)
    // The cookie carries only a random 256-bit id; the database holds its SHA-256, never the id itself.
    const id = (await readSessionCookie(cookieB)) as string
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const stored = (await db.select().from(sessions).where(eq(sessions.userId, u.id))).map((s) => s.idHash)
    expect(stored).toContain(hashSessionId(id))
    expect(stored).not.toContain(id)
    const logins = (await auditRows('login')).filter((r) => r.userId === u.id)
    expect(logins).toHaveLength(2)
  })

  test('a replayed cookie after logout is refused, and logout leaves one audit row', async () => {
    const u = await makeUser('viewer')
    const cookie = sessionCookieOf(setCookies(await signIn(u.username, u.password)))
    expect(await callLoader(index, makeRequest('/', { cookie }))).toMatchObject({ status: 200 })
    const out = await callAction(logout, makeRequest('/logout', { method: 'POST', cookie }))
    expect(out).toMatchObject({ status: 302, location: '/login?signedOut=1' })
    expect((await auditRows('logout')).filter((r) => r.userId === u.id)).toHaveLength(1)
    expect(await callLoader(index, makeRequest('/', { cookie }))).toMatchObject({ status: 302, location: '/login' })
  })

  test('disabling a user ends their session on the next request', async () => {
    const u = await makeUser('operator')
    const cookie = sessionCookieOf(setCookies(await signIn(u.username, u.password)))
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.id))
    expect(await callLoader(index, makeRequest('/', { cookie }))).toMatchObject({ status: 302, location: '/login' })
    // …and a disabled user cannot sign in again.
    expect((await signIn(u.username, u.password)).status).toBe(401)
  })

  test('a session idle longer than the timeout is refused', async () => {
    const u = await makeUser('viewer')
    const cookie = sessionCookieOf(setCookies(await signIn(u.username, u.password)))
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 13 * 3600_000) }).where(eq(sessions.userId, u.id))
    expect(await callLoader(index, makeRequest('/', { cookie }))).toMatchObject({ status: 302, location: '/login' })
    expect(await db.select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(0)
  })

  test('wrong password: 401, a failed-login audit row, and no session', async () => {
    const u = await makeUser('viewer')
    const res = await signIn(u.username, 'not the password')
    expect(res.status).toBe(401)
    expect(setCookies(res).some((c) => c.startsWith('mes_session='))).toBe(false)
    expect((await auditRows('login.failed')).filter((r) => r.userId === u.id)).toHaveLength(1)
  })

  test('passwords are never truncated: 128 characters work, a prefix does not, 129 are refused', async () => {
    const long = 'x'.repeat(100) + 'é'.repeat(28)
    const u = await makeUser('viewer', { password: long })
    expect((await signIn(u.username, long)).status).toBe(302)
    expect((await signIn(u.username, long.slice(0, 127))).status).toBe(401)
    expect((await signIn(u.username, long + 'y')).status).toBe(401)
  })

  test('11 wrong passwords for one user from one IP → 429 for that user only', async () => {
    const victim = await makeUser('operator')
    const colleague = await makeUser('operator')
    const ip = '192.168.7.20'
    for (let i = 0; i < 10; i++) expect((await signIn(victim.username, `wrong-${i}`, ip)).status).toBe(401)
    const limited = await signIn(victim.username, victim.password, ip)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('900')
    // Even the right password is refused while limited; no session is created.
    expect(setCookies(limited).some((c) => c.startsWith('mes_session='))).toBe(false)
    // The colleague on the same tablet signs in normally, and the victim from another device too.
    expect((await signIn(colleague.username, colleague.password, ip)).status).toBe(302)
    expect((await signIn(victim.username, victim.password, '192.168.7.21')).status).toBe(302)
    const attempts = await db
      .select()
      .from(loginAttempts)
      .where(and(eq(loginAttempts.username, victim.username), eq(loginAttempts.ip, ip)))
    expect(attempts).toHaveLength(10)
  })
})
