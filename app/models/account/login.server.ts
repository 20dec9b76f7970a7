/**
 * Signing in: the password step (remix-auth's form strategy) and the second-factor step, both booked against the login
 * limits before any secret is checked. The guards every request passes through (requireUser) live in utils/auth.server.ts.
 */
import { eq } from 'drizzle-orm'
import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { z } from 'zod'
import { db } from '~db/client.server'
import { loginChallenges } from '~db/schema'
import { audit } from '~/utils/audit.server'
import { env } from '~/utils/env.server'
import { dummyPasswordHash, PASSWORD_MAX, verifyPassword } from '~/utils/password.server'
import { clientIp } from '~/utils/request.server'
import { createSession, safeRedirectTo } from '~/utils/session.server'
import { noNul, withoutNul } from '~/utils/text'
import { auditFailedLogin, clearFailedLogins, findUserForLogin, releaseLoginAttempt, reserveLoginAttempt, type LoginLimits } from '../users.server'
import { endChallenge, failChallenge, startChallenge, type Challenge } from './login-challenges.server'
import { hasTwoFactor, verifySecondFactor } from './two-factor.server'

export type LoginFailure = 'invalid' | 'rate_limited'

export class LoginError extends Error {
  constructor(
    readonly reason: LoginFailure,
    readonly username: string,
  ) {
    super(reason)
  }
}

/** A finished login (a new session), or a right password whose second factor is still due (a challenge cookie). */
export type LoggedIn = { kind: 'session'; user: { displayName: string }; setCookie: string } | { kind: 'second-factor'; setCookie: string }

const LoginForm = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64).refine(...noNul),
  // Never truncated: anything over the maximum is simply wrong.
  password: z.string().min(1).max(PASSWORD_MAX),
})

export function loginLimits(): LoginLimits {
  const e = env()
  return { perUser: e.LOGIN_MAX_FAILURES, windowMinutes: e.LOGIN_WINDOW_MINUTES, perIp: e.LOGIN_IP_MAX_FAILURES, ipWindowMinutes: e.LOGIN_IP_WINDOW_MINUTES }
}

/**
 * remix-auth's form strategy, verifying against argon2id hashes. Before any hash is computed the attempt is booked
 * (per username + IP and per IP, atomically: see reserveLoginAttempt), so parallel requests cannot get more password
 * checks than the limits allow. A successful login creates a brand-new session row, clears the failures and writes its
 * audit row, all in one transaction; with a second factor it starts a challenge instead.
 */
export const authenticator = new Authenticator<LoggedIn>().use(
  new FormStrategy<LoggedIn>(async ({ form, request }) => {
    const ip = clientIp(request)
    const parsed = LoginForm.safeParse({ username: form.get('username'), password: form.get('password') })
    // The failure log is keyed by what was typed; a NUL (which no username holds) cannot be stored, so it is dropped there.
    const username = parsed.success ? parsed.data.username : withoutNul(String(form.get('username') ?? '')).trim().toLowerCase().slice(0, 64)
    const attempt = await reserveLoginAttempt(username, ip, loginLimits())
    if (attempt === null) throw new LoginError('rate_limited', username)
    const user = parsed.success ? await findUserForLogin(username) : null
    // Verify against a dummy hash when the user is unknown so timing does not tell which usernames exist.
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.success ? parsed.data.password : '')
    if (!user || !valid || user.disabledAt) {
      await auditFailedLogin(username, ip, user?.id ?? null, !user ? 'unknown_user' : user.disabledAt ? 'disabled' : 'wrong_password')
      throw new LoginError('invalid', username)
    }
    if (await hasTwoFactor(user.id)) {
      // The password was right, so this attempt is no failure; earlier failures stay counted until the code is right too.
      await releaseLoginAttempt(attempt)
      return { kind: 'second-factor', setCookie: await startChallenge(user.id, ip, safeRedirectTo(form.get('redirectTo'))) }
    }
    const setCookie = await db.transaction(async (tx) => {
      await clearFailedLogins(tx, username, ip)
      const cookie = await createSession(tx, user.id, { ip, userAgent: request.headers.get('User-Agent') })
      await audit(tx, { id: user.id, username: user.username, ip }, { action: 'login', entityType: 'user', entityId: user.id })
      return cookie
    })
    return { kind: 'session', user: { displayName: user.displayName }, setCookie }
  }),
  'form',
)

export type SecondFactorResult =
  | { ok: true; setCookie: string; redirectTo: string }
  | { ok: false; reason: 'rate_limited' | 'invalid' | 'used_up' }

/**
 * The code step of a login: booked against the same limits as passwords (username + IP, per IP), so the six digits
 * cannot be guessed faster than passwords; the challenge itself also ends after a few wrong codes. The right code
 * spends the challenge and creates the session in one transaction.
 */
export async function completeSecondFactor(challenge: Challenge, code: string, request: Request): Promise<SecondFactorResult> {
  const ip = clientIp(request)
  const attempt = await reserveLoginAttempt(challenge.username, ip, loginLimits())
  if (attempt === null) {
    await endChallenge(challenge.idHash)
    return { ok: false, reason: 'rate_limited' }
  }
  const method = await verifySecondFactor(challenge.userId, code)
  if (!method) {
    await auditFailedLogin(challenge.username, ip, challenge.userId, 'wrong_code')
    return { ok: false, reason: (await failChallenge(challenge.idHash)) ? 'used_up' : 'invalid' }
  }
  const setCookie = await db.transaction(async (tx) => {
    const spent = await tx.delete(loginChallenges).where(eq(loginChallenges.idHash, challenge.idHash)).returning({ idHash: loginChallenges.idHash })
    if (!spent.length) return null
    await clearFailedLogins(tx, challenge.username, ip)
    const cookie = await createSession(tx, challenge.userId, { ip, userAgent: request.headers.get('User-Agent') })
    await audit(tx, { id: challenge.userId, username: challenge.username, ip }, { action: 'login', entityType: 'user', entityId: challenge.userId, after: { secondFactor: method } })
    return cookie
  })
  if (!setCookie) return { ok: false, reason: 'used_up' }
  return { ok: true, setCookie, redirectTo: challenge.redirectTo }
}
