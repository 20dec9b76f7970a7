import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, sessions, users } from '~db/schema'
import * as audit from '~/routes/admin.audit'
import * as editUser from '~/routes/admin.users.$userId'
import * as usersIndex from '~/routes/admin.users._index'
import * as index from '~/routes/_index/route'
import { callAction, callLoader, makeRequest, makeUser, sessionFor, userRow } from '../support/app'

const auditFor = (entityId: string) => db.select().from(auditLog).where(eq(auditLog.entityId, entityId))

async function adminSession() {
  const admin = await makeUser('admin')
  return { admin, cookie: await sessionFor(admin.id) }
}

describe('user administration', () => {
  test('creating a user stores a hashed password and exactly one audit row without secrets', async () => {
    const { cookie } = await adminSession()
    const res = await callAction(
      usersIndex,
      makeRequest('/admin/users', { cookie, form: { username: 'Lee', displayName: 'Lee Operator', role: 'operator', password: 'bench-pass-1', confirm: 'bench-pass-1' } }),
    )
    expect(res).toMatchObject({ status: 302, location: '/admin/users' })
    const [created] = await db.select().from(users).where(eq(users.username, 'lee'))
    expect(created).toMatchObject({ role: 'operator', displayName: 'Lee Operator', version: 1 })
    const rows = await auditFor(created.id)
    expect(rows).toHaveLength(1)
    expect(rows[0].action).toBe('user.create')
    expect(JSON.stringify(rows[0])).not.toContain('bench-pass-1')
    expect(JSON.stringify(rows[0])).not.toContain('$argon2id')
  })

  test('a duplicate username is a field error and stores nothing more', async () => {
    const { cookie } = await adminSession()
    await makeUser('viewer', { username: 'dup' })
    const res = await callAction(usersIndex, makeRequest('/admin/users', { cookie, form: { username: 'DUP', displayName: 'x', role: 'viewer', password: 'password1', confirm: 'password1' } }))
    expect(res.status).toBe(409)
    expect((res.data as { error: Record<string, string[]> }).error.username).toEqual(['error.usernameTaken'])
    expect(await db.select().from(users).where(eq(users.username, 'dup'))).toHaveLength(1)
  })

  test('role change, disable, enable and password reset each leave one audit row; disable and reset end sessions', async () => {
    const { cookie } = await adminSession()
    const target = await makeUser('viewer')
    const targetCookie = await sessionFor(target.id)
    const act = async (form: Record<string, string>) => callAction(editUser, makeRequest(`/admin/users/${target.id}`, { cookie, form }), { userId: target.id })

    expect(await act({ intent: 'save', version: '1', displayName: 'Promoted', role: 'planner' })).toMatchObject({ status: 302 })
    expect(await userRow(target.id)).toMatchObject({ role: 'planner', displayName: 'Promoted', version: 2 })
    expect(await callLoader(index, makeRequest('/', { cookie: targetCookie }))).toMatchObject({ status: 200 })

    expect(await act({ intent: 'disable', version: '2' })).toMatchObject({ status: 302 })
    expect((await userRow(target.id)).disabledAt).not.toBeNull()
    expect(await db.select().from(sessions).where(eq(sessions.userId, target.id))).toHaveLength(0)
    expect(await callLoader(index, makeRequest('/', { cookie: targetCookie }))).toMatchObject({ status: 302, location: '/login' })

    expect(await act({ intent: 'enable', version: '3' })).toMatchObject({ status: 302 })
    const again = await sessionFor(target.id)
    expect(await act({ intent: 'reset-password', version: '4', password: 'new-password-9', confirm: 'new-password-9' })).toMatchObject({ status: 302 })
    expect(await callLoader(index, makeRequest('/', { cookie: again }))).toMatchObject({ status: 302, location: '/login' })

    const rows = await auditFor(target.id)
    expect(rows.map((r) => r.action).sort()).toEqual(['user.disable', 'user.enable', 'user.reset_password', 'user.update'])
    expect(JSON.stringify(rows)).not.toContain('new-password-9')
  })

  test('two admins saving the same user: the second gets a 409 with the newer values, nothing overwritten', async () => {
    const { cookie } = await adminSession()
    const other = await sessionFor((await makeUser('admin')).id)
    const target = await makeUser('operator')
    const save = (c: string, displayName: string) =>
      callAction(editUser, makeRequest(`/admin/users/${target.id}`, { cookie: c, form: { intent: 'save', version: '1', displayName, role: 'operator' } }), { userId: target.id })
    expect((await save(cookie, 'First tablet')).status).toBe(302)
    const second = await save(other, 'Second tablet')
    expect(second.status).toBe(409)
    expect((second.data as { current: { displayName: string; version: number } }).current).toMatchObject({ displayName: 'First tablet', version: 2 })
    expect(await userRow(target.id)).toMatchObject({ displayName: 'First tablet', version: 2 })
    expect((await auditFor(target.id)).filter((r) => r.action === 'user.update')).toHaveLength(1)
  })

  test('an admin cannot demote or disable themself, and the last active admin stays', async () => {
    const { admin, cookie } = await adminSession()
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.role, 'admin'))
    await db.update(users).set({ disabledAt: null }).where(eq(users.id, admin.id))
    const self = await callAction(editUser, makeRequest(`/admin/users/${admin.id}`, { cookie, form: { intent: 'disable', version: '1' } }), { userId: admin.id })
    expect(self.status).toBe(400)
    expect((await userRow(admin.id)).disabledAt).toBeNull()
  })

  test('bad input never gives a 500: unknown id → 404, unknown intent → 400, garbage version → 400', async () => {
    const { cookie } = await adminSession()
    const target = await makeUser('viewer')
    const act = (id: string, form: Record<string, string>) => callAction(editUser, makeRequest(`/admin/users/${id}`, { cookie, form }), { userId: id })
    expect((await act('not-a-uuid', { intent: 'save' })).status).toBe(404)
    expect((await act('00000000-0000-0000-0000-000000000000', { intent: 'save' })).status).toBe(404)
    expect((await act(target.id, { intent: 'promote-me' })).status).toBe(400)
    expect((await act(target.id, { intent: 'save', version: 'NaN', displayName: 'x', role: 'admin' })).status).toBe(400)
    expect((await act(target.id, { intent: 'save', version: '1', displayName: 'x', role: 'superuser' })).status).toBe(400)
    expect((await userRow(target.id)).version).toBe(1)
  })

  test('the audit page filters by user and action and pages with a keyset', async () => {
    const { cookie } = await adminSession()
    for (let i = 0; i < 3; i++) {
      const u = await makeUser('viewer')
      await callAction(editUser, makeRequest(`/admin/users/${u.id}`, { cookie, form: { intent: 'disable', version: '1' } }), { userId: u.id })
    }
    const res = await callLoader(audit, makeRequest('/admin/audit?action=user.disable', { cookie }))
    const data = res.data as { rows: { action: string; id: number }[]; nextBefore: number | null }
    expect(data.rows.length).toBeGreaterThanOrEqual(3)
    expect(new Set(data.rows.map((r) => r.action))).toEqual(new Set(['user.disable']))
    const firstId = data.rows[0].id
    const page2 = await callLoader(audit, makeRequest(`/admin/audit?action=user.disable&before=${firstId}`, { cookie }))
    expect((page2.data as { rows: { id: number }[] }).rows.every((r) => r.id < firstId)).toBe(true)
  })

  test('audit date filters use shop-local days, and nonsense filters are ignored rather than failing', async () => {
    const { cookie } = await adminSession()
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date())
    const hit = await callLoader(audit, makeRequest(`/admin/audit?from=${today}&to=${today}`, { cookie }))
    expect(hit.status).toBe(200)
    const miss = await callLoader(audit, makeRequest('/admin/audit?from=2001-01-01&to=2001-01-02', { cookie }))
    expect((miss.data as { rows: unknown[] }).rows).toEqual([])
    for (const q of ['from=2026-13-45', 'to=yesterday', 'before=-5', 'before=abc', 'action=' + 'x'.repeat(500)]) {
      expect((await callLoader(audit, makeRequest(`/admin/audit?${q}`, { cookie }))).status, q).toBe(200)
    }
  })
})
