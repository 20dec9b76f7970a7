import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { apiTokens, users } from '~db/schema'
import * as machines from '~/routes/api.v1.machines'
import * as tokensPage from '~/routes/admin.tokens'
import { createApiToken, hashToken } from '~/utils/api-auth.server'
import { callAction, callLoader, makeRequest, makeUser, run, sessionFor } from '../support/app'

// Issue #15 finding 3: tokens outlived their creator and never expired.

const DAY = 24 * 3600_000

const getMachines = (token: string, ip = '10.0.0.9') =>
  run(() => machines.loader({ request: makeRequest('/api/v1/machines', { ip, headers: { Authorization: `Bearer ${token}` } }), params: {}, context: {} }))

async function adminWithToken(days?: number) {
  const admin = await makeUser('admin')
  const { id, token } = await createApiToken({ id: admin.id, username: admin.username }, { name: 'gateway', scope: 'read', days })
  return { admin, id, token }
}

const tokenRow = async (id: string) => (await db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]

/** The instant lies between two readings of the clock taken around the call that set it (the database's clock may round). */
function expectWithin(instant: Date, from: number, to: number) {
  expect(instant.getTime()).toBeGreaterThanOrEqual(from - 1000)
  expect(instant.getTime()).toBeLessThanOrEqual(to + 1000)
}

async function listed(adminId: string, tokenId: string) {
  const res = await callLoader(tokensPage, makeRequest('/admin/tokens', { cookie: await sessionFor(adminId) }))
  const tokens = (res.data as { tokens: { id: string; status: string; expiresAt: Date; lastUsedAt: Date | null; lastUsedIp: string | null }[] }).tokens
  return tokens.find((t) => t.id === tokenId)!
}

describe('API token lifecycle', () => {
  test('a new token expires after 90 days by default, or after the validity chosen at creation', async () => {
    const t0 = Date.now()
    const { id } = await adminWithToken()
    const row = await tokenRow(id)
    expectWithin(row.expiresAt, t0 + 90 * DAY, Date.now() + 90 * DAY)

    const admin = await makeUser('admin')
    const cookie = await sessionFor(admin.id)
    const t1 = Date.now()
    const created = await callAction(tokensPage, makeRequest('/admin/tokens', { cookie, form: { intent: 'create', name: 'yearly', scope: 'read', days: '365' } }))
    expect(created.status).toBe(302)
    const [yearly] = await db.select().from(apiTokens).where(eq(apiTokens.name, 'yearly'))
    expectWithin(yearly.expiresAt, t1 + 365 * DAY, Date.now() + 365 * DAY)
    // Only the offered choices: no "never", no 10-year token.
    for (const days of ['0', '3650', 'never', '-1']) {
      const res = await callAction(tokensPage, makeRequest('/admin/tokens', { cookie, form: { intent: 'create', name: `bad-${days}`, scope: 'read', days } }))
      expect(res.status, days).toBe(400)
    }
  })

  test('an expired token is refused with 401 and shown as expired, with its expiry date, in the list', async () => {
    const { admin, id, token } = await adminWithToken(30)
    expect((await getMachines(token)).status).toBe(200)
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id))
    const res = await getMachines(token)
    expect(res.status).toBe(401)
    expect(res.data).toMatchObject({ error: { code: 'unauthorized', message: 'token expired' } })
    const item = await listed(admin.id, id)
    expect(item.status).toBe('expired')
    expect(new Date(item.expiresAt).getTime()).toBeLessThan(Date.now())
  })

  test('a token stops working when its creator is disabled, and when the creator is demoted below admin', async () => {
    const { admin, id, token } = await adminWithToken()
    const other = await makeUser('admin')
    expect((await getMachines(token)).status).toBe(200)

    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, admin.id))
    expect((await getMachines(token)).status).toBe(401)
    expect((await listed(other.id, id)).status).toBe('suspended')

    await db.update(users).set({ disabledAt: null, role: 'planner' }).where(eq(users.id, admin.id))
    const demoted = await getMachines(token)
    expect(demoted.status).toBe(401)
    expect(JSON.stringify(demoted.data)).toContain('creator')
    expect((await listed(other.id, id)).status).toBe('suspended')
  })

  test('the list shows when and from which address a token was last used', async () => {
    const { admin, id, token } = await adminWithToken()
    expect((await listed(admin.id, id)).lastUsedAt).toBeNull()
    const t0 = Date.now()
    expect((await getMachines(token, '192.0.2.44')).status).toBe(200)
    const t1 = Date.now()
    const used = await listed(admin.id, id)
    expect(used.lastUsedIp).toBe('192.0.2.44')
    expectWithin(new Date(used.lastUsedAt!), t0, t1)
    // Written at most once a minute: a use a minute later from another address is recorded.
    await db.update(apiTokens).set({ lastUsedAt: new Date(Date.now() - 120_000) }).where(eq(apiTokens.id, id))
    expect((await getMachines(token, '192.0.2.45')).status).toBe(200)
    expect((await listed(admin.id, id)).lastUsedIp).toBe('192.0.2.45')
    expect(await db.select({ n: sql<number>`count(*)::int` }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)))).toEqual([{ n: 1 }])
  })
})
