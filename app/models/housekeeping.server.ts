/**
 * Periodic clean-up (at start and every few hours, see boot.server.ts): expired sessions and login challenges, login
 * attempts past any window, and anonymous failed-login audit rows past AUDIT_RETENTION_DAYS.
 */
import { env } from '~/utils/env.server'
import { purgeIdleSessions } from '~/utils/session.server'
import { purgeChallenges } from './account/login-challenges.server'
import { purgeAnonymousFailedLogins } from './audit.server'
import { purgeLoginAttempts } from './users.server'

/** Login attempts only matter within their window (minutes); a month of them is plenty for any investigation. */
const LOGIN_ATTEMPT_RETENTION_DAYS = 30

export interface HousekeepingReport {
  sessions: number
  loginChallenges: number
  loginAttempts: number
  anonymousFailedLogins: number
}

export async function runHousekeeping(): Promise<HousekeepingReport> {
  return {
    sessions: await purgeIdleSessions(),
    loginChallenges: await purgeChallenges(),
    loginAttempts: await purgeLoginAttempts(LOGIN_ATTEMPT_RETENTION_DAYS),
    anonymousFailedLogins: await purgeAnonymousFailedLogins(env().AUDIT_RETENTION_DAYS),
  }
}
