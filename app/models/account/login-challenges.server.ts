/**
 * The second step of a login with two-factor authentication. After the right password the browser gets a random
 * challenge id in a short-lived cookie (not a session: it opens no page); the code form sends it back. Only the id's
 * SHA-256 is stored. A challenge lives CHALLENGE_MINUTES and allows MAX_CODE_FAILURES wrong codes.
 */
import { randomBytes } from 'node:crypto'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { loginChallenges, users } from '~db/schema'
import { appCookie, hashSessionId } from '~/utils/session.server'

const CHALLENGE_MINUTES = 5
const MAX_CODE_FAILURES = 5

const challengeCookie = () => appCookie('mes_2fa', { path: '/', maxAge: CHALLENGE_MINUTES * 60 })

export interface Challenge {
  idHash: string
  userId: string
  username: string
  displayName: string
  redirectTo: string
  failures: number
}

/** Starts a challenge for the user (ending any earlier one of theirs) and returns its Set-Cookie header. */
export async function startChallenge(userId: string, ip: string, redirectTo: string): Promise<string> {
  const id = randomBytes(32).toString('base64url')
  await db.transaction(async (tx) => {
    await tx.delete(loginChallenges).where(eq(loginChallenges.userId, userId))
    await tx.insert(loginChallenges).values({ idHash: hashSessionId(id), userId, ip, redirectTo })
  })
  return challengeCookie().serialize(id)
}

/** The live challenge the request's cookie names (not expired, the user still enabled), or null. */
export async function readChallenge(request: Request): Promise<Challenge | null> {
  const id: unknown = await challengeCookie().parse(request.headers.get('Cookie'))
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null
  const [row] = await db
    .select({
      idHash: loginChallenges.idHash,
      userId: loginChallenges.userId,
      username: users.username,
      displayName: users.displayName,
      redirectTo: loginChallenges.redirectTo,
      failures: loginChallenges.failures,
      disabledAt: users.disabledAt,
    })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .where(and(eq(loginChallenges.idHash, hashSessionId(id)), gt(loginChallenges.createdAt, sql`now() - make_interval(mins => ${CHALLENGE_MINUTES})`)))
  if (!row || row.disabledAt) return null
  return { idHash: row.idHash, userId: row.userId, username: row.username, displayName: row.displayName, redirectTo: row.redirectTo, failures: row.failures }
}

/** Counts a wrong code; returns true when the challenge is used up (and then removed). */
export async function failChallenge(idHash: string): Promise<boolean> {
  const [row] = await db
    .update(loginChallenges)
    .set({ failures: sql`${loginChallenges.failures} + 1` })
    .where(eq(loginChallenges.idHash, idHash))
    .returning({ failures: loginChallenges.failures })
  if (row && row.failures < MAX_CODE_FAILURES) return false
  await endChallenge(idHash)
  return true
}

export async function endChallenge(idHash: string) {
  await db.delete(loginChallenges).where(eq(loginChallenges.idHash, idHash))
}

export async function clearChallengeCookie(): Promise<string> {
  return challengeCookie().serialize('', { maxAge: 0 })
}

/** Housekeeping: challenges past their lifetime. */
export async function purgeChallenges(): Promise<number> {
  const gone = await db
    .delete(loginChallenges)
    .where(lt(loginChallenges.createdAt, sql`now() - make_interval(mins => ${CHALLENGE_MINUTES})`))
    .returning({ idHash: loginChallenges.idHash })
  return gone.length
}
