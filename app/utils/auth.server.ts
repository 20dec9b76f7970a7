import { redirect } from '@remix-run/node'
import { notePrincipal } from './request-context.server'
import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { z } from 'zod'
import { db } from '~db/client.server'
import { clearFailedLogins, findUserForLogin, recentFailures, recordFailedLogin } from '~/models/users.server'
import { audit, type Actor } from './audit.server'
import { env } from './env.server'
import { dummyPasswordHash, PASSWORD_MAX, verifyPassword } from './password.server'
import { can, type Permission } from './permissions'
import { clientIp } from './request.server'
import { noNul, withoutNul } from './text'
import { anyUserExists, createSession, deleteSession, getSessionUser, loginRedirect, type SessionUser } from './session.server'

export type LoginFailure = 'invalid' | 'rate_limited'

export class LoginError extends Error {
  constructor(
    readonly reason: LoginFailure,
    readonly username: string,
  ) {
    super(reason)
  }
}

export interface LoggedIn {
  user: SessionUser
  setCookie: string
}

const LoginForm = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64).refine(...noNul),
  // Never truncated: anything over the maximum is simply wrong.
  password: z.string().min(1).max(PASSWORD_MAX),
})

/**
 * remix-auth's form strategy, verifying against argon2id hashes with a per username + IP failure limit. A successful
 * login creates a brand-new session row, clears the failures and writes its audit row, all in one transaction.
 */
export const authenticator = new Authenticator<LoggedIn>().use(
  new FormStrategy<LoggedIn>(async ({ form, request }) => {
    const ip = clientIp(request)
    const parsed = LoginForm.safeParse({ username: form.get('username'), password: form.get('password') })
    // The failure log is keyed by what was typed; a NUL (which no username holds) cannot be stored, so it is dropped there.
    const username = parsed.success ? parsed.data.username : withoutNul(String(form.get('username') ?? '')).trim().toLowerCase().slice(0, 64)
    const { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MINUTES } = env()
    if ((await recentFailures(username, ip, LOGIN_WINDOW_MINUTES)) >= LOGIN_MAX_FAILURES) {
      throw new LoginError('rate_limited', username)
    }
    const user = parsed.success ? await findUserForLogin(username) : null
    // Verify against a dummy hash when the user is unknown so timing does not tell which usernames exist.
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), parsed.success ? parsed.data.password : '')
    if (!user || !valid || user.disabledAt) {
      await recordFailedLogin(username, ip, user?.id ?? null, !user ? 'unknown_user' : user.disabledAt ? 'disabled' : 'wrong_password')
      throw new LoginError('invalid', username)
    }
    const setCookie = await db.transaction(async (tx) => {
      await clearFailedLogins(tx, username, ip)
      const cookie = await createSession(tx, user.id, { ip, userAgent: request.headers.get('User-Agent') })
      await audit(tx, { id: user.id, username: user.username, ip }, { action: 'login', entityType: 'user', entityId: user.id })
      return cookie
    })
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, sessionIdHash: '' },
      setCookie,
    }
  }),
  'form',
)

/**
 * The guard at the top of every loader and action. Anonymous visitors go to /login (or to /setup on a database with no
 * users yet); a role without the permission gets a 403.
 */
export async function requireUser(request: Request, permission?: Permission): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (!user) {
    if (!(await anyUserExists())) throw redirect('/setup')
    loginRedirect(request)
  }
  notePrincipal(request, user.id)
  if (permission && !can(user.role, permission)) throw new Response('Forbidden', { status: 403 })
  return user
}

export function actorOf(user: SessionUser, request: Request): Actor {
  return { id: user.id, username: user.username, ip: clientIp(request) }
}

export async function logout(user: SessionUser, request: Request) {
  await db.transaction(async (tx) => {
    await deleteSession(tx, user.sessionIdHash)
    await audit(tx, actorOf(user, request), { action: 'logout', entityType: 'user', entityId: user.id })
  })
}
