import { sql } from 'drizzle-orm'
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

import type { Role } from '../../app/utils/permissions'

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored lower-case; the unique index makes "Kim" and "kim" the same account. */
    username: text().notNull(),
    displayName: text().notNull(),
    role: text().$type<Role>().notNull(),
    passwordHash: text().notNull(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: every update bumps it; an update carrying an older version is a conflict. */
    version: integer().notNull().default(1),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    check('users_role_check', sql`${t.role} in ('admin', 'planner', 'operator', 'viewer')`),
    check('users_username_check', sql`${t.username} = lower(${t.username}) and length(${t.username}) between 3 and 32`),
  ],
)

/** Server-side sessions: the cookie carries a random id; only its SHA-256 is stored, so a DB leak yields no live cookie. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
)

/** Failed logins, counted per username + IP within a window so one tablet's typo never locks out its colleagues. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull(),
    ip: text().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_lookup_idx').on(t.username, t.ip, t.attemptedAt),
    // The per-IP budget across usernames (password spraying) counts by address alone.
    index('login_attempts_ip_idx').on(t.ip, t.attemptedAt),
  ],
)

/**
 * Optional TOTP second factor (RFC 6238, 30 s, 6 digits, SHA-1 as every authenticator app expects). A row with
 * `enabledAt` null is an enrolment in progress: the secret is shown once as a QR code and becomes active only when the
 * user confirms a code from it. `lastStep` is the time step of the last accepted code, so a code is never accepted twice.
 */
export const userTwoFactor = pgTable('user_two_factor', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Base32 secret. */
  secret: text().notNull(),
  enabledAt: timestamp({ withTimezone: true }),
  lastStep: bigint({ mode: 'number' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** One-time recovery codes of a user's second factor; only their SHA-256 is stored. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('recovery_codes_user_code_key').on(t.userId, t.codeHash)],
)

/**
 * The half-done login of a user with a second factor: the password was right, the code is still due. The browser holds
 * a random id in a short-lived cookie; only its SHA-256 is stored. A few wrong codes or a few minutes end it.
 */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    idHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text().notNull(),
    redirectTo: text().notNull().default('/'),
    failures: integer().notNull().default(0),
  },
  (t) => [index('login_challenges_user_id_idx').on(t.userId)],
)

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
export type UserTwoFactor = typeof userTwoFactor.$inferSelect
