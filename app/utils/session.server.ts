import { createHash, randomBytes } from 'node:crypto'
import { createCookie, redirect } from '@remix-run/node'
import { and, eq, isNull, lt, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { sessions, users } from '~db/schema'
import type { Role } from './permissions'
import { env } from './env.server'
import { storageFault } from './db-errors.server'

export interface SessionUser {
  id: string
  username: string
  displayName: string
  role: Role
  sessionIdHash: string
}

function sessionCookie() {
  return createCookie('mes_session', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env().cookieSecure,
    // The browser may keep the cookie for a month; the server ends the session after SESSION_IDLE_HOURS of idleness.
    maxAge: 60 * 60 * 24 * 30,
  })
}

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex')

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null
}

/** Creates a fresh session row (a new random id every login) and returns the Set-Cookie header value. */
export async function createSession(
  tx: DbOrTx,
  userId: string,
  meta: { ip: string; userAgent: string | null },
): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  await tx.insert(sessions).values({ idHash: hashSessionId(id), userId, ip: meta.ip, userAgent: meta.userAgent })
  return sessionCookie().serialize(id)
}

export async function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0 })
}

const TOUCH_INTERVAL_MS = 60_000

/** The signed-in user, or null. Sessions of disabled users and idle sessions are refused (and idle ones removed). */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const id = await readSessionId(request)
  if (!id) return null
  const idHash = hashSessionId(id)
  const idleHours = env().SESSION_IDLE_HOURS
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      lastSeenAt: sessions.lastSeenAt,
      fresh: sql<boolean>`${sessions.lastSeenAt} > now() - make_interval(hours => ${idleHours}::int)`,
      touchDue: sql<boolean>`${sessions.lastSeenAt} < now() - make_interval(secs => ${TOUCH_INTERVAL_MS / 1000})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), isNull(users.disabledAt)))
  const row = rows[0]
  if (!row) return null
  if (!row.fresh) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash))
    return null
  }
  if (row.touchDue) {
    // Best effort: a database that refuses writes (full disk, read-only) must not turn every page into an error; the
    // session then just ages from its last successful touch.
    try {
      await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.idHash, idHash))
    } catch (e) {
      if (!storageFault(e)) throw e
    }
  }
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, sessionIdHash: idHash }
}

export async function deleteSession(tx: DbOrTx, idHash: string) {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash))
}

export async function deleteUserSessions(tx: DbOrTx, userId: string) {
  await tx.delete(sessions).where(eq(sessions.userId, userId))
}

/** Housekeeping: drop sessions idle past the timeout. */
export async function purgeIdleSessions() {
  const idleHours = env().SESSION_IDLE_HOURS
  await db.delete(sessions).where(lt(sessions.lastSeenAt, sql`now() - make_interval(hours => ${idleHours}::int)`))
}

export async function anyUserExists(): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1)
  return rows.length > 0
}

export function safeRedirectTo(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  // A Location header carries ASCII only: anything else (Korean in a query, spaces, tabs, newlines) is percent-encoded,
  // which also keeps a tab or newline from turning "/\t/host" into "//host" in the browser.
  try {
    return to.replace(/[^\x21-\x7e]+/g, (s) => encodeURIComponent(s))
  } catch {
    return fallback
  }
}

export function loginRedirect(request: Request): never {
  const url = new URL(request.url)
  const here = url.pathname + url.search
  throw redirect(here === '/' ? '/login' : `/login?redirectTo=${encodeURIComponent(here)}`)
}

