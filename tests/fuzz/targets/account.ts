/**
 * Fuzz targets of the account pages (own password, two-factor authentication, signed-in devices), the login's code step
 * and the administrator's two-factor reset: the POST rows of tests/support/authz/account.ts.
 *
 * Accepted inputs move state on (a new password, a second factor turned on or off), so most targets put the actor back
 * before every input (`prepare`): a known current password, an enrolment in progress or an active second factor with a
 * known secret, no failed logins on record. The codes that should pass come from that secret at the time of the input.
 */
import { createHash } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import fc from 'fast-check'
import { Secret, TOTP } from 'otpauth'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, loginAttempts, recoveryCodes, sessions, users, userTwoFactor } from '~db/schema'
import { startChallenge } from '~/models/account/login-challenges.server'
import * as passwordPage from '~/routes/account.password'
import * as sessionsPage from '~/routes/account.sessions'
import * as twoFactorPage from '~/routes/account.two-factor'
import * as userPage from '~/routes/admin.users.$userId'
import * as loginCode from '~/routes/login_.two-factor'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import { sessionFor } from '../../support/app'
import { accountRows } from '../../support/authz/account'
import type { MatrixRow } from '../../support/authz/common'
import { actorSession, type Actor, type Target } from '../support/harness'
import { lastAudit } from '../support/records'
import { ref } from '../support/values'

function rowOf(route: string, intent?: string): MatrixRow {
  const row = accountRows.find((r) => r.route === route && r.method === 'POST' && r.intent === intent)
  if (!row) throw new Error(`no matrix row POST ${route} ${intent ?? ''}`)
  return row
}

const KNOWN = 'fuzz-known-password-71'
const STRONG = ['violet-harbour-kettle-42', 'amber lantern meadow seventy', '한국어-비밀번호-문장-2026']
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const RECOVERY = ['abcde-fghjk', 'mnpqr-stuvw']
const sha = (code: string) => createHash('sha256').update(code.replace(/-/g, '')).digest('hex')
const codeNow = () => new TOTP({ secret: Secret.fromBase32(SECRET), digits: 6, period: 30, algorithm: 'SHA1' }).generate()

let knownHash: Promise<string> | null = null

/** The actor's password is KNOWN again and no failed login is on record (so wrong guesses never pile up to a 429). */
async function knownPassword(userId: string) {
  knownHash ??= hashPassword(KNOWN)
  await db.update(users).set({ passwordHash: await knownHash }).where(eq(users.id, userId))
  await db.delete(loginAttempts)
}

/** The user's second factor: pending (an enrolment in progress) or active with the known secret and recovery codes. */
async function secondFactor(userId: string, state: 'pending' | 'active') {
  await db.delete(userTwoFactor).where(eq(userTwoFactor.userId, userId))
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await db.insert(userTwoFactor).values({ userId, secret: SECRET, enabledAt: state === 'active' ? new Date() : null })
  if (state === 'active') await db.insert(recoveryCodes).values(RECOVERY.map((c) => ({ userId, codeHash: sha(c) })))
}

const actorId = async (actor: Actor) => (actor === 'anonymous' ? null : (await actorSession(actor)).id)

const current = fc.oneof({ weight: 6, arbitrary: fc.constant(KNOWN) }, { weight: 1, arbitrary: fc.constantFrom('wrong password', '', 'x'.repeat(129)) })
const codeField = fc.oneof(
  { weight: 6, arbitrary: fc.constant(ref('code')) },
  { weight: 1, arbitrary: fc.constantFrom('000000', '123 456', RECOVERY[0], RECOVERY[1].toUpperCase(), '12345', 'abcde-fghjk-x') },
)

/** The user the code-step target signs in (made by its fixture). */
let codeUser: { id: string; username: string } | null = null

const twoFactorTarget = (intent: string, extra: Partial<Target>): Target => ({
  row: rowOf('account.two-factor', intent),
  mod: twoFactorPage,
  context: async () => ({ code: codeNow() }),
  // The field finder does not see every field of these schemas: named here.
  extraFields: ['current', 'code'],
  plausible: { current, code: codeField },
  // Any input may carry another intent of the page: a wrong current password (disable, regenerate) is counted and
  // audited as a failed login, by design.
  mayChangeOnReject: ['login_attempts', 'audit_log'],
  ...extra,
})

export const accountTargets: Target[] = [
  {
    row: rowOf('account.password'),
    mod: passwordPage,
    extraFields: ['current', 'password', 'confirm'],
    prepare: async ({ actor }) => {
      const id = await actorId(actor)
      if (!id) return
      await knownPassword(id)
      // Another device of the actor, which an accepted change signs out.
      await sessionFor(id)
      return { wrote: ['users', 'login_attempts', 'sessions'] }
    },
    plausible: { current, password: fc.oneof(fc.constantFrom(...STRONG), fc.constantFrom('password1', 'qwerty123', 'short', KNOWN)) },
    // A wrong current password is counted and audited as a failed login: by design (a stolen session cannot guess it).
    mayChangeOnReject: ['login_attempts', 'audit_log'],
    readBack: async (sent) => {
      const [u] = await db.select().from(users).where(eq(users.id, sent.userId!))
      expect(await verifyPassword(u.passwordHash, sent.get('password')!)).toBe(true)
      expect((await lastAudit()).action).toBe('account.password_change')
      expect(await db.select().from(sessions).where(eq(sessions.userId, sent.userId!))).toHaveLength(1)
    },
  },
  {
    row: rowOf('account.sessions'),
    mod: sessionsPage,
    prepare: async ({ actor }) => {
      const id = await actorId(actor)
      if (!id) return
      await sessionFor(id)
      return { wrote: ['sessions'] }
    },
    readBack: async (sent) => {
      expect(await db.select().from(sessions).where(eq(sessions.userId, sent.userId!))).toHaveLength(1)
      expect((await lastAudit()).action).toBe('account.sessions_end_others')
    },
  },
  twoFactorTarget('start', {
    prepare: async ({ actor }) => {
      const id = await actorId(actor)
      if (!id) return
      await db.delete(userTwoFactor).where(eq(userTwoFactor.userId, id))
      return { wrote: ['user_two_factor'] }
    },
    readBack: async (sent) => {
      const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, sent.userId!))
      expect(row.enabledAt).toBeNull()
      expect(row.secret).toMatch(/^[A-Z2-7]{32}$/)
    },
  }),
  twoFactorTarget('cancel', {
    prepare: async ({ actor }) => {
      const id = await actorId(actor)
      if (!id) return
      await secondFactor(id, 'pending')
      return { wrote: ['user_two_factor', 'recovery_codes'] }
    },
    readBack: async (sent) => expect(await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, sent.userId!))).toHaveLength(0),
  }),
  twoFactorTarget('confirm', {
    prepare: async ({ actor }) => {
      const id = await actorId(actor)
      if (!id) return
      await secondFactor(id, 'pending')
      return { wrote: ['user_two_factor', 'recovery_codes'] }
    },
    readBack: async (sent) => {
      const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, sent.userId!))
      expect(row.enabledAt).not.toBeNull()
      expect(await db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, sent.userId!), isNull(recoveryCodes.usedAt)))).toHaveLength(10)
    },
  }),
  ...(['disable', 'regenerate'] as const).map((intent) =>
    twoFactorTarget(intent, {
      prepare: async ({ actor }) => {
        const id = await actorId(actor)
        if (!id) return
        await knownPassword(id)
        await secondFactor(id, 'active')
        return { wrote: ['users', 'login_attempts', 'user_two_factor', 'recovery_codes'] }
      },
      readBack: async (sent) => {
        const rows = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, sent.userId!))
        if (intent === 'disable') {
          expect(await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, sent.userId!))).toHaveLength(0)
          expect(rows).toHaveLength(0)
        } else {
          expect(rows).toHaveLength(10)
          expect(rows.map((r) => r.codeHash)).not.toContain(sha(RECOVERY[0]))
        }
      },
    }),
  ),
  {
    row: rowOf('login_.two-factor'),
    mod: loginCode,
    actors: ['anonymous'],
    fixture: async () => {
      knownHash ??= hashPassword(KNOWN)
      const [u] = await db
        .insert(users)
        .values({ username: `fuzz-2fa-${process.pid % 10_000}`, displayName: '2FA', role: 'operator', passwordHash: await knownHash })
        .onConflictDoUpdate({ target: users.username, set: { disabledAt: null } })
        .returning({ id: users.id, username: users.username })
      codeUser = u
      return { userId: u.id }
    },
    context: async () => ({ code: codeNow() }),
    extraFields: ['code'],
    plausible: { code: codeField },
    // A fresh challenge for every input (right after the password step), a second factor that has not used this time
    // step yet, unused recovery codes and no failed logins on record.
    prepare: async () => {
      const u = codeUser!
      await secondFactor(u.id, 'active')
      await db.delete(loginAttempts)
      const setCookie = await startChallenge(u.id, '10.0.0.1', '/')
      return { cookie: setCookie.split(';')[0], wrote: ['user_two_factor', 'recovery_codes', 'login_attempts', 'login_challenges'] }
    },
    // A wrong code is counted (login limit), audited (login.failed) and counted on the challenge: by design.
    mayChangeOnReject: ['login_attempts', 'audit_log', 'login_challenges'],
    readBack: async (_sent, answer) => {
      expect(answer.location).toBe('/')
      const [a] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'login'), eq(auditLog.userId, codeUser!.id)))
      expect(a).toBeDefined()
      expect(await db.select().from(sessions).where(eq(sessions.userId, codeUser!.id))).not.toHaveLength(0)
    },
  },
  {
    row: rowOf('admin.users.$userId', 'reset-2fa'),
    mod: userPage,
    // On another user (the matrix row acts on `:self`).
    params: { userId: ':userId' },
    fixture: async () => {
      knownHash ??= hashPassword(KNOWN)
      const [u] = await db
        .insert(users)
        .values({ username: `fuzz-reset-${process.pid % 10_000}`, displayName: 'Reset', role: 'viewer', passwordHash: await knownHash })
        .onConflictDoUpdate({ target: users.username, set: { disabledAt: null } })
        .returning({ id: users.id })
      await secondFactor(u.id, 'active')
      return { userId: u.id }
    },
    context: async (f) => ({ ...f, version: '1' }),
    renew: true,
    readBack: async (sent) => {
      expect(await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, sent.ctx.userId))).toHaveLength(0)
      expect((await lastAudit()).action).toBe('user.reset_2fa')
    },
  },
]
