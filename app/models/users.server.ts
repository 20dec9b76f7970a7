import { and, asc, count, eq, isNull, lt, ne, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { appSettings, loginAttempts, users } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { hashPassword } from '~/utils/password.server'
import type { Role } from '~/utils/permissions'
import { createSession, deleteUserSessions } from '~/utils/session.server'
import { isUniqueViolation } from '~/utils/db-errors.server'

/** The app_settings row holding the generated one-time setup code until the first admin exists (setup-code.server.ts). */
export const SETUP_CODE_KEY = 'setup_code'

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

export async function usernameTaken(username: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return rows.length > 0
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
/** The first administrator, signed straight in: user, audit row and session in one transaction (`setCookie` for it). */
export async function createFirstAdmin(
  input: Omit<NewUser, 'role'>,
  meta: { ip: string; userAgent: string | null },
): Promise<{ ok: true; user: PublicUser; setCookie: string } | { ok: false }> {
  const ip = meta.ip
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction(async (tx) => {
      const existing = await tx.select({ n: count() }).from(users)
      if (existing[0].n > 0) return { ok: false as const }
      await tx.insert(appSettings).values({ key: 'setup_completed', value: { at: new Date().toISOString() } })
      await tx.delete(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY))
      const [user] = await tx
        .insert(users)
        .values({ username: input.username, displayName: input.displayName, role: 'admin', passwordHash })
        .returning(publicColumns)
      await audit(tx, { id: user.id, username: user.username, ip }, { action: 'setup.first_admin', entityType: 'user', entityId: user.id, after: user })
      return { ok: true as const, user, setCookie: await createSession(tx, user.id, meta) }
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

/** Advisory-lock class of the login limiter (the second key is a hash of the client address). */
const LOGIN_LOCK_CLASS = 0x4d45_4c31

export interface LoginLimits {
  /** Failures per username + IP within `windowMinutes`. */
  perUser: number
  windowMinutes: number
  /** Failures per IP across all usernames within `ipWindowMinutes` (password spraying). */
  perIp: number
  ipWindowMinutes: number
}

/**
 * Books one password (or second-factor code) check for username + IP before it runs, or refuses it: under a transaction
 * advisory lock on the IP, counts the recent attempts of this username from this IP and of every username from this IP,
 * and inserts the attempt row when both are under their limit. So however many requests arrive at once, at most the
 * limit of them reach argon2: the count and the insert are one atomic step per address. The row stays as the failure
 * record unless the check succeeds (clearFailedLogins / releaseLoginAttempt). Returns the row id, or null when limited.
 */
export async function reserveLoginAttempt(username: string, ip: string, limits: LoginLimits): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOGIN_LOCK_CLASS}::int, hashtext(${ip}))`)
    const userSince = sql`now() - make_interval(secs => ${Math.round(limits.windowMinutes * 60)})`
    const ipSince = sql`now() - make_interval(secs => ${Math.round(limits.ipWindowMinutes * 60)})`
    const [counts] = await tx
      .select({
        mine: sql<number>`count(*) filter (where ${loginAttempts.username} = ${username} and ${loginAttempts.attemptedAt} > ${userSince})`.mapWith(Number),
        fromIp: sql<number>`count(*) filter (where ${loginAttempts.attemptedAt} > ${ipSince})`.mapWith(Number),
      })
      .from(loginAttempts)
      .where(eq(loginAttempts.ip, ip))
    if (counts.mine >= limits.perUser || counts.fromIp >= limits.perIp) return null
    const [row] = await tx.insert(loginAttempts).values({ username, ip }).returning({ id: loginAttempts.id })
    return row.id
  })
}

/** A booked check that turned out not to be a failure (right password, second factor still due): its row goes. */
export async function releaseLoginAttempt(id: number) {
  await db.delete(loginAttempts).where(eq(loginAttempts.id, id))
}

/** The audit row of a failed login (the attempt row itself was booked by reserveLoginAttempt). */
export async function auditFailedLogin(username: string, ip: string, userId: string | null, reason: string) {
  await audit(db, { id: userId, username, ip }, { action: 'login.failed', entityType: 'user', entityId: userId, after: { reason } })
}

export async function clearFailedLogins(tx: DbOrTx, username: string, ip: string) {
  await tx.delete(loginAttempts).where(and(eq(loginAttempts.username, username), eq(loginAttempts.ip, ip)))
}

/** Housekeeping: login attempts older than `days` are of no use to any window. */
export async function purgeLoginAttempts(days: number): Promise<number> {
  const gone = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.attemptedAt, sql`now() - make_interval(days => ${days}::int)`))
    .returning({ id: loginAttempts.id })
  return gone.length
}
