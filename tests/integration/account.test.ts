import { and, eq, sql } from 'drizzle-orm'
import { TOTP, Secret } from 'otpauth'
import { afterEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, loginChallenges, recoveryCodes, sessions, userTwoFactor } from '~db/schema'
import * as index from '~/routes/_index/route'
import * as accountPage from '~/routes/account._index'
import * as passwordPage from '~/routes/account.password'
import * as sessionsPage from '~/routes/account.sessions'
import * as twoFactorPage from '~/routes/account.two-factor'
import * as editUser from '~/routes/admin.users.$userId'
import * as usersPage from '~/routes/admin.users._index'
import * as login from '~/routes/login'
import * as loginCode from '~/routes/login_.two-factor'
import { resetEnvCache } from '~/utils/env.server'
import { callAction, callLoader, cookieHeader, makeRequest, makeUser, sessionFor, setCookies, userRow, type TestUser } from '../support/app'

// Issue #15 finding 4: account self-service — own password change, common/weak passwords refused, optional TOTP
// two-factor authentication with recovery codes and an admin reset (required for admins with REQUIRE_ADMIN_2FA=1), and
// "my sessions" with "sign out everywhere else".

const STRONG = 'violet-harbour-kettle-42'

const signIn = (username: string, password: string, ip = '10.0.0.1') =>
  callAction(login, makeRequest('/login', { form: { username, password, redirectTo: '/orders' }, ip, headers: { 'User-Agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0' } }))

const cookieNamed = (res: { headers: Headers }, name: string) => {
  const c = setCookies(res).find((s) => s.startsWith(`${name}=`) && !/Max-Age=0/i.test(s))
  return c ? cookieHeader(c) : null
}

const auditActions = async (userId: string) => (await db.select().from(auditLog).where(eq(auditLog.entityId, userId))).map((r) => r.action)

/** A code of the authenticator app for this secret, `steps` periods from now. */
const codeFor = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 })

/** Runs the enrolment as the user would: start, read the secret from the page, confirm with a code. */
async function enrol(user: TestUser, cookie: string) {
  const started = await callAction(twoFactorPage, makeRequest('/account/two-factor', { cookie, form: { intent: 'start' } }))
  expect(started.status).toBe(302)
  const page = await callLoader(twoFactorPage, makeRequest('/account/two-factor', { cookie }))
  const pending = (page.data as { pending: { secret: string; qr: string } | null }).pending!
  expect(pending.qr).toMatch(/^data:image\/svg\+xml;base64,/)
  const confirmed = await callAction(twoFactorPage, makeRequest('/account/two-factor', { cookie, form: { intent: 'confirm', code: codeFor(pending.secret) } }))
  expect(confirmed).toMatchObject({ status: 302, location: '/account/two-factor' })
  // The recovery codes come back once, through a flash cookie the page reads (and clears).
  const flash = setCookies(confirmed).find((c) => c.startsWith('mes_recovery='))!
  const shown = await callLoader(twoFactorPage, makeRequest('/account/two-factor', { cookie: `${cookie}; ${cookieHeader(flash)}` }))
  const codes = (shown.data as { recoveryCodes: string[] }).recoveryCodes
  expect(codes).toHaveLength(10)
  expect((shown.data as { enabled: boolean }).enabled).toBe(true)
  return { secret: pending.secret, codes }
}

/** Lets the next login use a fresh code (each TOTP step is accepted only once). */
const forgetLastStep = (userId: string) => db.update(userTwoFactor).set({ lastStep: sql`${userTwoFactor.lastStep} - 10` }).where(eq(userTwoFactor.userId, userId))

afterEach(() => {
  delete process.env.REQUIRE_ADMIN_2FA
  resetEnvCache()
})

describe('changing your own password', () => {
  test('needs the current password; ends every other session but this one; the new password works, the old does not', async () => {
    const u = await makeUser('operator')
    const here = cookieNamed(await signIn(u.username, u.password), 'mes_session')!
    const phone = cookieNamed(await signIn(u.username, u.password, '10.0.0.2'), 'mes_session')!

    const wrong = await callAction(passwordPage, makeRequest('/account/password', { cookie: here, form: { current: 'not-it', password: STRONG, confirm: STRONG } }))
    expect(wrong.status).toBe(400)
    expect((wrong.data as { error: Record<string, string[]> }).error.current).toEqual(['account.error.currentWrong'])
    expect(JSON.stringify(wrong.data)).not.toContain(STRONG)

    const ok = await callAction(passwordPage, makeRequest('/account/password', { cookie: here, form: { current: u.password, password: STRONG, confirm: STRONG } }))
    expect(ok).toMatchObject({ status: 302, location: '/account' })
    expect(await callLoader(index, makeRequest('/', { cookie: here }))).toMatchObject({ status: 200 })
    expect(await callLoader(index, makeRequest('/', { cookie: phone }))).toMatchObject({ status: 302, location: '/login' })
    expect((await signIn(u.username, u.password, '10.0.0.3')).status).toBe(401)
    expect((await signIn(u.username, STRONG, '10.0.0.3')).status).toBe(302)

    const rows = await db.select().from(auditLog).where(and(eq(auditLog.action, 'account.password_change'), eq(auditLog.userId, u.id)))
    expect(rows).toHaveLength(1)
    expect(rows[0].after).toEqual({ passwordChanged: true, sessionsEnded: 1 })
    expect(JSON.stringify(rows)).not.toContain(STRONG)
  })

  test('wrong current passwords count against the login limit, so a stolen session cannot guess the password', async () => {
    const u = await makeUser('viewer')
    const cookie = await sessionFor(u.id)
    const tries = []
    for (let i = 0; i < 11; i++) tries.push((await callAction(passwordPage, makeRequest('/account/password', { cookie, ip: '10.9.9.9', form: { current: `guess-${i}`, password: STRONG, confirm: STRONG } }))).status)
    expect(tries.slice(0, 10)).toEqual(Array(10).fill(400))
    expect(tries[10]).toBe(429)
  })

  test('common and weak passwords are refused everywhere a password is set: own change, new user, reset', async () => {
    const admin = await makeUser('admin')
    const cookie = await sessionFor(admin.id)
    const change = async (password: string) =>
      callAction(passwordPage, makeRequest('/account/password', { cookie, form: { current: admin.password, password, confirm: password } }))
    const common = await change('password1')
    expect(common.status).toBe(400)
    expect((common.data as { error: Record<string, string[]> }).error.password).toEqual(['error.passwordCommon'])
    expect(((await change('qwerty123')).data as { error: Record<string, string[]> }).error.password).toEqual(['error.passwordCommon'])
    // Long enough, but only the username and a year.
    const weak = await change(`${admin.username}2024`)
    expect((weak.data as { error: Record<string, string[]> }).error.password).toEqual(['error.passwordWeak'])

    const created = await callAction(usersPage, makeRequest('/admin/users', { cookie, form: { username: 'kim', displayName: 'Kim', role: 'viewer', password: 'iloveyou1', confirm: 'iloveyou1' } }))
    expect(created.status).toBe(400)
    expect((created.data as { error: Record<string, string[]> }).error.password).toEqual(['error.passwordCommon'])

    const target = await makeUser('viewer')
    const reset = await callAction(
      editUser,
      makeRequest(`/admin/users/${target.id}`, { cookie, form: { intent: 'reset-password', version: '1', password: 'Password123', confirm: 'Password123' } }),
      { userId: target.id },
    )
    expect(reset.status).toBe(400)
    expect(await userRow(target.id)).toMatchObject({ version: 1 })
    // A strong one passes.
    expect((await callAction(usersPage, makeRequest('/admin/users', { cookie, form: { username: 'lee', displayName: 'Lee', role: 'viewer', password: STRONG, confirm: STRONG } }))).status).toBe(302)
  })
})

describe('two-factor authentication', () => {
  test('once on, the password alone opens no session: the code step does, and each code works once', async () => {
    const u = await makeUser('planner')
    const { secret } = await enrol(u, await sessionFor(u.id))

    const first = await signIn(u.username, u.password)
    expect(first).toMatchObject({ status: 302, location: '/login/two-factor' })
    expect(cookieNamed(first, 'mes_session')).toBeNull()
    const challenge = cookieNamed(first, 'mes_2fa')!
    expect(await callLoader(loginCode, makeRequest('/login/two-factor', { cookie: challenge }))).toMatchObject({ status: 200 })
    // Without the challenge the code page is closed.
    expect(await callLoader(loginCode, makeRequest('/login/two-factor'))).toMatchObject({ status: 302, location: '/login' })

    const wrong = await callAction(loginCode, makeRequest('/login/two-factor', { cookie: challenge, form: { code: '000000' } }))
    expect(wrong.status).toBe(401)
    const code = codeFor(secret, 1)
    const right = await callAction(loginCode, makeRequest('/login/two-factor', { cookie: challenge, form: { code } }))
    expect(right).toMatchObject({ status: 302, location: '/orders' })
    const session = cookieNamed(right, 'mes_session')!
    expect(await callLoader(index, makeRequest('/', { cookie: session }))).toMatchObject({ status: 200 })
    // The challenge is spent, and the same code is no good again (replay), even with a new challenge.
    expect((await callAction(loginCode, makeRequest('/login/two-factor', { cookie: challenge, form: { code } }))).location).toBe('/login')
    const again = cookieNamed(await signIn(u.username, u.password), 'mes_2fa')!
    expect((await callAction(loginCode, makeRequest('/login/two-factor', { cookie: again, form: { code } }))).status).toBe(401)
    const login = (await db.select().from(auditLog).where(and(eq(auditLog.action, 'login'), eq(auditLog.userId, u.id))))[0]
    expect(login.after).toEqual({ secondFactor: 'totp' })
  })

  test('a recovery code signs in once; five wrong codes end the challenge', async () => {
    const u = await makeUser('operator')
    const { codes } = await enrol(u, await sessionFor(u.id))
    const challenge = cookieNamed(await signIn(u.username, u.password), 'mes_2fa')!
    const used = await callAction(loginCode, makeRequest('/login/two-factor', { cookie: challenge, form: { code: codes[3].toUpperCase() } }))
    expect(used.status).toBe(302)
    const next = cookieNamed(await signIn(u.username, u.password), 'mes_2fa')!
    expect((await callAction(loginCode, makeRequest('/login/two-factor', { cookie: next, form: { code: codes[3] } }))).status).toBe(401)
    for (let i = 0; i < 3; i++) expect((await callAction(loginCode, makeRequest('/login/two-factor', { cookie: next, form: { code: `12345${i}` } }))).status).toBe(401)
    const last = await callAction(loginCode, makeRequest('/login/two-factor', { cookie: next, form: { code: '999999' } }))
    expect(last).toMatchObject({ status: 302, location: '/login' })
    expect(await db.select().from(loginChallenges).where(eq(loginChallenges.userId, u.id))).toHaveLength(0)
    expect(await db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, u.id), sql`${recoveryCodes.usedAt} is not null`))).toHaveLength(1)
  })

  test('an administrator resets a lost second factor; the user then signs in with the password alone', async () => {
    const u = await makeUser('viewer')
    await enrol(u, await sessionFor(u.id))
    const admin = await makeUser('admin')
    const reset = await callAction(editUser, makeRequest(`/admin/users/${u.id}`, { cookie: await sessionFor(admin.id), form: { intent: 'reset-2fa', version: '1' } }), { userId: u.id })
    expect(reset.status).toBe(302)
    expect(await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.id))).toHaveLength(0)
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, u.id))).toHaveLength(0)
    expect(await signIn(u.username, u.password)).toMatchObject({ status: 302, location: '/orders' })
    expect(await auditActions(u.id)).toContain('user.reset_2fa')
  })

  test('turning it off needs the current password', async () => {
    const u = await makeUser('viewer')
    const cookie = await sessionFor(u.id)
    await enrol(u, cookie)
    const refused = await callAction(twoFactorPage, makeRequest('/account/two-factor', { cookie, form: { intent: 'disable', current: 'wrong' } }))
    expect(refused.status).toBe(400)
    expect(await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.id))).toHaveLength(1)
    const off = await callAction(twoFactorPage, makeRequest('/account/two-factor', { cookie, form: { intent: 'disable', current: u.password } }))
    expect(off.status).toBe(302)
    expect(await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, u.id))).toHaveLength(0)
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['account.2fa_enable', 'account.2fa_disable']))
  })

  test('with REQUIRE_ADMIN_2FA=1 an administrator without a second factor reaches only the account pages until it is set up', async () => {
    process.env.REQUIRE_ADMIN_2FA = '1'
    resetEnvCache()
    const admin = await makeUser('admin')
    const cookie = await sessionFor(admin.id)
    expect(await callLoader(usersPage, makeRequest('/admin/users', { cookie }))).toMatchObject({ status: 302, location: '/account/two-factor' })
    expect(await callLoader(accountPage, makeRequest('/account', { cookie }))).toMatchObject({ status: 200 })
    // Other roles are not affected.
    const planner = await makeUser('planner')
    expect(await callLoader(index, makeRequest('/', { cookie: await sessionFor(planner.id) }))).toMatchObject({ status: 200 })

    const { secret } = await enrol(admin, cookie)
    expect(await callLoader(usersPage, makeRequest('/admin/users', { cookie }))).toMatchObject({ status: 200 })
    // … and cannot turn it off again.
    const off = await callAction(twoFactorPage, makeRequest('/account/two-factor', { cookie, form: { intent: 'disable', current: admin.password } }))
    expect(off.status).toBe(400)
    await forgetLastStep(admin.id)
    const challenge = cookieNamed(await signIn(admin.username, admin.password), 'mes_2fa')!
    expect((await callAction(loginCode, makeRequest('/login/two-factor', { cookie: challenge, form: { code: codeFor(secret) } }))).status).toBe(302)
  })
})

describe('my sessions', () => {
  test('lists the devices, marks this one, and "sign out everywhere else" ends all the others', async () => {
    const u = await makeUser('operator')
    const here = cookieNamed(await signIn(u.username, u.password, '10.1.1.1'), 'mes_session')!
    const other1 = cookieNamed(await signIn(u.username, u.password, '10.1.1.2'), 'mes_session')!
    await signIn(u.username, u.password, '10.1.1.3')
    const someoneElse = await makeUser('operator')
    const theirs = await sessionFor(someoneElse.id)

    const page = await callLoader(sessionsPage, makeRequest('/account/sessions', { cookie: here }))
    const list = (page.data as { sessions: { current: boolean; ip: string; userAgent: string }[] }).sessions
    expect(list).toHaveLength(3)
    expect(list.filter((s) => s.current)).toEqual([expect.objectContaining({ ip: '10.1.1.1', userAgent: expect.stringContaining('Android') })])

    const ended = await callAction(sessionsPage, makeRequest('/account/sessions', { cookie: here, method: 'POST', form: {} }))
    expect(ended).toMatchObject({ status: 302, location: '/account/sessions' })
    expect(await db.select().from(sessions).where(eq(sessions.userId, u.id))).toHaveLength(1)
    expect(await callLoader(index, makeRequest('/', { cookie: here }))).toMatchObject({ status: 200 })
    expect(await callLoader(index, makeRequest('/', { cookie: other1 }))).toMatchObject({ status: 302, location: '/login' })
    expect(await callLoader(index, makeRequest('/', { cookie: theirs }))).toMatchObject({ status: 200 })
    const [row] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'account.sessions_end_others'), eq(auditLog.userId, u.id)))
    expect(row.after).toEqual({ ended: 2 })
  })
})
