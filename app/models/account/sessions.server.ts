/** "My sessions": the signed-in devices of one user, and ending all of them but the current one. */
import { desc, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { loginChallenges, sessions, users } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import { deleteOtherSessions, type SessionUser } from '~/utils/session.server'
import { auditFailedLogin, clearFailedLogins, findUserForLogin, reserveLoginAttempt, type LoginLimits } from '../users.server'

export interface DeviceSession {
  current: boolean
  createdAt: Date
  lastSeenAt: Date
  ip: string | null
  userAgent: string | null
}

export async function listSessions(user: SessionUser): Promise<DeviceSession[]> {
  const rows = await db
    .select({ idHash: sessions.idHash, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, user.id))
    .orderBy(desc(sessions.lastSeenAt))
  return rows.map(({ idHash, ...r }) => ({ ...r, current: idHash === user.sessionIdHash }))
}

/** Signs the user out on every other device; returns how many sessions ended. */
export async function endOtherSessions(actor: Actor, user: SessionUser): Promise<number> {
  return db.transaction(async (tx) => {
    const ended = await deleteOtherSessions(tx, user.id, user.sessionIdHash)
    await audit(tx, actor, { action: 'account.sessions_end_others', entityType: 'user', entityId: user.id, after: { ended } })
    return ended
  })
}

/**
 * Checks the signed-in user's current password before a sensitive change, booked against the login limits (so a
 * stolen session cannot be used to guess the password faster than the login form allows). A wrong one is audited as a
 * failed login.
 */
export async function checkCurrentPassword(user: SessionUser, password: string, ip: string, limits: LoginLimits): Promise<'ok' | 'wrong' | 'rate_limited'> {
  if ((await reserveLoginAttempt(user.username, ip, limits)) === null) return 'rate_limited'
  const row = await findUserForLogin(user.username)
  if (row && (await verifyPassword(row.passwordHash, password))) {
    await clearFailedLogins(db, user.username, ip)
    return 'ok'
  }
  await auditFailedLogin(user.username, ip, user.id, 'wrong_current_password')
  return 'wrong'
}

/**
 * The user's own password change: the new hash, the version bumped, every other session and any half-done login ended,
 * one audit row (without the password) — one transaction.
 */
export async function changeOwnPassword(actor: Actor, user: SessionUser, newPassword: string): Promise<{ sessionsEnded: number }> {
  const passwordHash = await hashPassword(newPassword)
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
      .where(eq(users.id, user.id))
    const sessionsEnded = await deleteOtherSessions(tx, user.id, user.sessionIdHash)
    await tx.delete(loginChallenges).where(eq(loginChallenges.userId, user.id))
    await audit(tx, actor, { action: 'account.password_change', entityType: 'user', entityId: user.id, after: { passwordChanged: true, sessionsEnded } })
    return { sessionsEnded }
  })
}
