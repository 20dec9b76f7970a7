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
  (t) => [index('login_attempts_lookup_idx').on(t.username, t.ip, t.attemptedAt)],
)

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
