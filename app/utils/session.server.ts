import { createHash, randomBytes } from 'node:crypto'
import { createCookie, redirect, type CookieOptions } from '@remix-run/node'
import { and, eq, isNotNull, isNull, lt, or, sql, type Placeholder } from 'drizzle-orm'
import { db, getDbHandle, type Db, type DbOrTx } from '~db/client.server'
import { sessions, users, userTwoFactor } from '~db/schema'
import type { Role } from './permissions'
import { env } from './env.server'
import { storageFault } from './db-errors.server'
import { SESSION_COOKIE } from './http-security.server'
import { oncePerRequest } from './request-context.server'

export interface SessionUser {
  id: string
  username: string
  displayName: string
  role: Role
  sessionIdHash: string
  /** The user has a confirmed second factor (TOTP). */
  twoFactor: boolean
}

/**
 * A cookie of this app: with Secure cookies (production) its name gets the `__Host-` prefix, which browsers accept only
 * with Secure, Path=/ and no Domain, so neither a sibling host nor plain HTTP can plant or overwrite it. Cookies scoped
 * to a narrower path take `__Secure-` instead.
 */
export function appCookie(name: string, options: CookieOptions & { path: string }) {
  const secure = env().cookieSecure
  const prefix = !secure ? '' : options.path === '/' ? '__Host-' : '__Secure-'
  return createCookie(prefix + name, { httpOnly: true, sameSite: 'lax', ...options, secure })
}

const DAY_SECONDS = 24 * 60 * 60

function sessionCookie() {
  // The browser keeps the cookie as long as the session may live at most (SESSION_MAX_DAYS); the server also ends it
  // after SESSION_IDLE_HOURS of idleness.
  return appCookie(SESSION_COOKIE, { path: '/', maxAge: Math.ceil(env().SESSION_MAX_DAYS * DAY_SECONDS) })
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

/** How long a session may sit idle and live at most, in seconds (SESSION_IDLE_HOURS, SESSION_MAX_DAYS). */
function lifetimes() {
  const e = env()
  return { idleSecs: Math.round(e.SESSION_IDLE_HOURS * 3600), maxSecs: Math.round(e.SESSION_MAX_DAYS * DAY_SECONDS) }
}

/** SQL: the session has been idle too long, or is older than its absolute lifetime (seconds, or a prepared query's placeholders). */
function sessionExpired({ idleSecs, maxSecs }: { idleSecs: number | Placeholder; maxSecs: number | Placeholder } = lifetimes()) {
  return or(lt(sessions.lastSeenAt, sql`now() - make_interval(secs => ${idleSecs})`), lt(sessions.createdAt, sql`now() - make_interval(secs => ${maxSecs})`))!
}

/**
 * The signed-in user, or null. Sessions of disabled users, idle sessions and sessions past their absolute lifetime
 * (SESSION_MAX_DAYS) are refused (and the expired ones removed).
 */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  return oncePerRequest(request, 'session-user', () => lookupSessionUser(request))
}

/**
 * Every page asks this, so the query is built once per database handle (drizzle's query building cost more CPU than
 * the query itself) and takes the session's hash and the lifetimes as parameters.
 */
function buildSessionQuery(d: Db) {
  return d
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      lastSeenAt: sessions.lastSeenAt,
      expired: sql<boolean>`${sessionExpired({ idleSecs: sql.placeholder('idleSecs'), maxSecs: sql.placeholder('maxSecs') })}`,
      touchDue: sql<boolean>`${sessions.lastSeenAt} < now() - make_interval(secs => ${TOUCH_INTERVAL_MS / 1000})`,
      twoFactor: sql<boolean>`${userTwoFactor.enabledAt} is not null`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userTwoFactor, and(eq(userTwoFactor.userId, users.id), isNotNull(userTwoFactor.enabledAt)))
    .where(and(eq(sessions.idHash, sql.placeholder('idHash')), isNull(users.disabledAt)))
    .prepare('mes_session_user')
}
const sessionQueries = new WeakMap<Db, ReturnType<typeof buildSessionQuery>>()

async function lookupSessionUser(request: Request): Promise<SessionUser | null> {
  const id = await readSessionId(request)
  if (!id) return null
  const idHash = hashSessionId(id)
  const real = getDbHandle().db
  let query = sessionQueries.get(real)
  if (!query) sessionQueries.set(real, (query = buildSessionQuery(real)))
  const rows = await query.execute({ idHash, ...lifetimes() })
  const row = rows[0]
  if (!row) return null
  if (row.expired) {
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
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, sessionIdHash: idHash, twoFactor: !!row.twoFactor }
}

export async function deleteSession(tx: DbOrTx, idHash: string) {
  await tx.delete(sessions).where(eq(sessions.idHash, idHash))
}

export async function deleteUserSessions(tx: DbOrTx, userId: string) {
  await tx.delete(sessions).where(eq(sessions.userId, userId))
}

/** Ends every session of the user except the one given (a password change, "sign out everywhere else"); returns how many. */
export async function deleteOtherSessions(tx: DbOrTx, userId: string, keepIdHash: string): Promise<number> {
  const gone = await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), sql`${sessions.idHash} <> ${keepIdHash}`))
    .returning({ idHash: sessions.idHash })
  return gone.length
}

/** Housekeeping: drop sessions idle past the timeout or older than their absolute lifetime. */
export async function purgeIdleSessions(): Promise<number> {
  const gone = await db.delete(sessions).where(sessionExpired()).returning({ idHash: sessions.idHash })
  return gone.length
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

