import { redirect } from '@remix-run/node'
import { notePrincipal } from './request-context.server'
import { db } from '~db/client.server'
import { audit, type Actor } from './audit.server'
import { env } from './env.server'
import { can, type Permission } from './permissions'
import { clientIp } from './request.server'
import { anyUserExists, deleteSession, getSessionUser, loginRedirect, type SessionUser } from './session.server'

/** Where an administrator without a second factor is sent while REQUIRE_ADMIN_2FA=1. */
const TWO_FACTOR_PAGE = '/account/two-factor'

/**
 * The guard at the top of every loader and action. Anonymous visitors go to /login (or to /setup on a database with no
 * users yet); a role without the permission gets a 403. With REQUIRE_ADMIN_2FA=1 an administrator without a second
 * factor can only reach their account pages (and log out) until they set one up.
 */
export async function requireUser(request: Request, permission?: Permission, opts: { allowWithoutSecondFactor?: boolean } = {}): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (!user) {
    if (!(await anyUserExists())) throw redirect('/setup')
    loginRedirect(request)
  }
  notePrincipal(request, user.id)
  if (user.role === 'admin' && !user.twoFactor && !opts.allowWithoutSecondFactor && env().REQUIRE_ADMIN_2FA) throw redirect(TWO_FACTOR_PAGE)
  if (permission && !can(user.role, permission)) throw new Response('Forbidden', { status: 403 })
  return user
}

export function actorOf(user: SessionUser, request: Request): Actor & { id: string } {
  return { id: user.id, username: user.username, ip: clientIp(request) }
}

export async function logout(user: SessionUser, request: Request) {
  await db.transaction(async (tx) => {
    await deleteSession(tx, user.sessionIdHash)
    await audit(tx, actorOf(user, request), { action: 'logout', entityType: 'user', entityId: user.id })
  })
}
