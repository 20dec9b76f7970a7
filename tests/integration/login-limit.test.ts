import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, loginAttempts } from '~db/schema'
import * as login from '~/routes/login'
import { resetEnvCache } from '~/utils/env.server'
import { callAction, makeRequest, makeUser } from '../support/app'

// Issue #15 finding 2: the failure count was read before argon2 ran and written after it, so parallel requests all saw
// "under the limit" and every one of them got a password check.

const signIn = (username: string, password: string, ip: string) =>
  callAction(login, makeRequest('/login', { form: { username, password, redirectTo: '/' }, ip }))

const statuses = (results: { status: number }[]) =>
  results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {})

function setEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars)
  resetEnvCache()
}

afterEach(() => {
  delete process.env.LOGIN_IP_MAX_FAILURES
  delete process.env.LOGIN_MAX_FAILURES
  resetEnvCache()
})

describe('login rate limit under parallel requests', () => {
  test('30 parallel wrong passwords for one user from one IP: exactly 10 reach the password check (401), 20 get 429', async () => {
    const victim = await makeUser('operator')
    const ip = '198.51.100.30'
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(victim.username, `wrong-${i}`, ip)))
    expect(statuses(results)).toEqual({ 401: 10, 429: 20 })
    // Exactly the booked checks are on record: 10 attempts, 10 failed-login audit rows.
    const attempts = await db.select().from(loginAttempts).where(and(eq(loginAttempts.username, victim.username), eq(loginAttempts.ip, ip)))
    expect(attempts).toHaveLength(10)
    const audited = await db.select().from(auditLog).where(and(eq(auditLog.action, 'login.failed'), eq(auditLog.userId, victim.id)))
    expect(audited).toHaveLength(10)
    // Even the right password is refused now, from that address.
    expect((await signIn(victim.username, victim.password, ip)).status).toBe(429)
  })

  test('a right password among parallel wrong ones still signs in while under the limit, and clears the failures', async () => {
    const u = await makeUser('viewer')
    const ip = '198.51.100.31'
    const results = await Promise.all([...Array.from({ length: 5 }, (_, i) => signIn(u.username, `nope-${i}`, ip)), signIn(u.username, u.password, ip)])
    expect(results.at(-1)!.status).toBe(302)
    expect(statuses(results.slice(0, 5))).toEqual({ 401: 5 })
  })

  test('password spraying: one IP trying many usernames is stopped by the per-IP budget; other addresses are not', async () => {
    setEnv({ LOGIN_IP_MAX_FAILURES: '12' })
    const real = await makeUser('planner')
    const ip = '198.51.100.32'
    // 20 different usernames, 1 guess each, all at once: the per-user limit never trips, the per-IP budget does.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(`sprayed-${i}`, 'Summer2024!', ip)))
    expect(statuses(results)).toEqual({ 401: 12, 429: 8 })
    expect(await db.select().from(loginAttempts).where(eq(loginAttempts.ip, ip))).toHaveLength(12)
    // The budget is spent for that address — for every username, so no more argon2 work on its behalf …
    expect((await signIn(real.username, real.password, ip)).status).toBe(429)
    // … while the same user elsewhere signs in normally.
    expect((await signIn(real.username, real.password, '198.51.100.33')).status).toBe(302)
  })

  test('the limits are read from LOGIN_MAX_FAILURES and LOGIN_IP_MAX_FAILURES', async () => {
    setEnv({ LOGIN_MAX_FAILURES: '3' })
    const u = await makeUser('viewer')
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(u.username, `x-${i}`, '198.51.100.34')))
    expect(statuses(results)).toEqual({ 401: 3, 429: 5 })
  })
})
