import { and, asc, count, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { appSettings, loginAttempts, users } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { hashPassword } from '~/utils/password.server'
import type { Role } from '~/utils/permissions'
import { deleteUserSessions } from '~/utils/session.server'
import { isUniqueViolation } from '~/utils/db-errors.server'

export type PublicUser = {
  id: string
  username: string
  displayName: string
  role: Role
  disabledAt: Date | null
  createdAt: Date
  version: number
}

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  version: users.version,
}


export async function listUsers(): Promise<PublicUser[]> {
  return db.select(publicColumns).from(users).orderBy(asc(users.username))
}

export async function getUser(id: string): Promise<PublicUser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  const rows = await db.select(publicColumns).from(users).where(eq(users.id, id))
  return rows[0] ?? null
}

export async function findUserForLogin(username: string) {
  const rows = await db.select().from(users).where(eq(users.username, username))
  return rows[0] ?? null
}

export interface NewUser {
  username: string
  displayName: string
  role: Role
  password: string
}

/**
 * /setup: creates the first admin. The `setup_completed` settings row is inserted in the same transaction; its primary
 * key makes a second setup impossible even when two browsers submit at the same moment.
 */
export async function createFirstAdmin(input: Omit<NewUser, 'role'>, ip: string): Promise<{ ok: true; user: PublicUser } | { ok: false }> {
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction(async (tx) => {
      const existing = await tx.select({ n: count() }).from(users)
      if (existing[0].n > 0) return { ok: false as const }
      await tx.insert(appSettings).values({ key: 'setup_completed', value: { at: new Date().toISOString() } })
      const [user] = await tx
        .insert(users)
        .values({ username: input.username, displayName: input.displayName, role: 'admin', passwordHash })
        .returning(publicColumns)
      await audit(tx, { id: user.id, username: user.username, ip }, { action: 'setup.first_admin', entityType: 'user', entityId: user.id, after: user })
      return { ok: true as const, user }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false }
    throw e
  }
}

export type UserChangeResult =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: 'not_found' | 'conflict' | 'username_taken' | 'self' | 'last_admin'; current?: PublicUser }

export async function createUser(actor: Actor, input: NewUser): Promise<UserChangeResult> {
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ ...input, passwordHash }).returning(publicColumns)
      await audit(tx, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: user })
      return { ok: true as const, user }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'username_taken' }
    throw e
  }
}

async function activeAdminCount(tx: DbOrTx, excludingId: string) {
  const rows = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, excludingId)))
  return rows[0].n
}

type UserPatch = { displayName?: string; role?: Role; disabled?: boolean; password?: string }

/**
 * Applies one change to a user under optimistic concurrency: the caller's `version` must still be current, else the
 * result is a conflict carrying the newer record. Disabling or a password reset ends the user's sessions at once.
 */
export async function changeUser(
  actor: Actor,
  id: string,
  version: number,
  patch: UserPatch,
  action: string,
): Promise<UserChangeResult> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined
  return db.transaction(async (tx) => {
    const rows = await tx.select(publicColumns).from(users).where(eq(users.id, id)).for('update')
    const before = rows[0]
    if (!before) return { ok: false as const, reason: 'not_found' as const }
    if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
    const losesAdmin =
      before.role === 'admin' && !before.disabledAt && ((patch.role && patch.role !== 'admin') || patch.disabled === true)
    if (losesAdmin && actor.id === id) return { ok: false as const, reason: 'self' as const }
    if (losesAdmin && (await activeAdminCount(tx, id)) === 0) return { ok: false as const, reason: 'last_admin' as const }

    const [after] = await tx
      .update(users)
      .set({
        ...(patch.displayName !== undefined && { displayName: patch.displayName }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.disabled !== undefined && { disabledAt: patch.disabled ? sql`now()` : null }),
        ...(passwordHash && { passwordHash }),
        updatedAt: sql`now()`,
        version: sql`${users.version} + 1`,
      })
      .where(and(eq(users.id, id), eq(users.version, version)))
      .returning(publicColumns)
    if (patch.disabled === true || passwordHash) await deleteUserSessions(tx, id)
    await audit(tx, actor, {
      action,
      entityType: 'user',
      entityId: id,
      before,
      after: passwordHash ? { ...after, password: 'changed' } : after,
    })
    return { ok: true as const, user: after }
  })
}

// ---- failed-login accounting -------------------------------------------------------------------------------------

export async function recentFailures(username: string, ip: string, windowMinutes: number): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.username, username),
        eq(loginAttempts.ip, ip),
        gt(loginAttempts.attemptedAt, sql`now() - make_interval(mins => ${windowMinutes}::int)`),
      ),
    )
  return rows[0].n
}

export async function recordFailedLogin(username: string, ip: string, userId: string | null, reason: string) {
  await db.transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ username, ip })
    await audit(tx, { id: userId, username, ip }, { action: 'login.failed', entityType: 'user', entityId: userId, after: { reason } })
  })
}

export async function clearFailedLogins(tx: DbOrTx, username: string, ip: string) {
  await tx.delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip)))
}
