import { eq, sql } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, loginAttempts } from '~db/schema'
import { runHousekeeping } from '~/models/housekeeping.server'
import { resetEnvCache } from '~/utils/env.server'
import { makeUser } from '../support/app'

// Issue #15 finding 12: login attempts and anonymous failed-login audit rows were kept for ever.

const DAY = 24 * 3600_000
const daysAgo = (d: number) => new Date(Date.now() - d * DAY)

afterEach(() => {
  delete process.env.AUDIT_RETENTION_DAYS
  resetEnvCache()
})

async function failedLogin(username: string, userId: string | null, days: number) {
  await db.insert(auditLog).values({ at: daysAgo(days), userId, username, action: 'login.failed', entityType: 'user', entityId: userId, after: { reason: 'x' } })
}

describe('housekeeping of login records', () => {
  test('login attempts older than 30 days go; newer ones stay', async () => {
    await db.insert(loginAttempts).values([
      { username: 'ghost', ip: '10.0.0.1', attemptedAt: daysAgo(31) },
      { username: 'ghost', ip: '10.0.0.1', attemptedAt: daysAgo(29) },
      { username: 'ghost', ip: '10.0.0.1', attemptedAt: new Date() },
    ])
    const report = await runHousekeeping()
    expect(report.loginAttempts).toBe(1)
    const left = await db.select().from(loginAttempts).where(eq(loginAttempts.username, 'ghost'))
    expect(left).toHaveLength(2)
  })

  test('anonymous failed-login audit rows go after AUDIT_RETENTION_DAYS (default 365); real users’ rows and other actions stay', async () => {
    const u = await makeUser('viewer')
    await failedLogin('nobody-old', null, 400)
    await failedLogin('nobody-new', null, 300)
    await failedLogin(u.username, u.id, 400)
    await db.insert(auditLog).values({ at: daysAgo(400), userId: null, username: 'system', action: 'setup.first_admin', entityType: 'user' })
    await runHousekeeping()
    const names = (await db.select({ username: auditLog.username }).from(auditLog)).map((r) => r.username)
    expect(names).not.toContain('nobody-old')
    expect(names).toEqual(expect.arrayContaining(['nobody-new', u.username, 'system']))

    process.env.AUDIT_RETENTION_DAYS = '200'
    resetEnvCache()
    const report = await runHousekeeping()
    expect(report.anonymousFailedLogins).toBe(1)
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.username, 'nobody-new'))).toEqual([{ n: 0 }])
  })
})
