import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Shop-wide settings as key → JSON. `setup_completed` is inserted once by /setup; its primary key closes setup for good. */
export const appSettings = pgTable('app_settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
