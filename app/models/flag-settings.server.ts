/**
 * The shop's on/off settings kept in app_settings (`{ enabled: boolean }` under a key), read where they apply and
 * changed by an administrator with an audit row in the same transaction. Unset is off.
 */
import { eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { appSettings } from '~db/schema'
import type { AuditAction } from '~/domain/audit/actions'
import { audit, type Actor } from '~/utils/audit.server'

export interface FlagSetting {
  key: string
  /** Audited as this action, about this kind of record. */
  action: AuditAction
  entityType: string
}

export async function readFlag(setting: FlagSetting): Promise<boolean> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, setting.key))
  return (row?.value as { enabled?: unknown } | undefined)?.enabled === true
}

export async function writeFlag(setting: FlagSetting, actor: Actor, enabled: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, setting.key))
    await tx
      .insert(appSettings)
      .values({ key: setting.key, value: { enabled } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { enabled }, updatedAt: sql`now()` } })
    await audit(tx, actor, { action: setting.action, entityType: setting.entityType, entityId: null, before: before?.value ?? { enabled: false }, after: { enabled } })
  })
}
