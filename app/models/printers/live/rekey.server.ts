/**
 * Rotating PRINTER_SECRET_KEY (`npm run printers:rekey`): every stored connection secret is opened with the old key and
 * sealed again with the new one, in one transaction with one audit row. All or nothing: if any secret opens with
 * neither key, nothing changes and the printers are named. A secret that already opens with the new key is left as it
 * is, so running the command again (say after an interruption) is harmless.
 */
import { eq, isNotNull } from 'drizzle-orm'
import { db } from '~db/client.server'
import { printerConnections, printers } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { openSecrets, sealSecrets } from './secrets.server'

export type RekeyResult = { ok: true; rekeyed: number; already: number } | { ok: false; unreadable: string[] }

export async function rekeyConnections(actor: Actor, oldKey: Buffer, newKey: Buffer): Promise<RekeyResult> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ printerId: printerConnections.printerId, secret: printerConnections.secret, assetId: printers.assetId })
      .from(printerConnections)
      .innerJoin(printers, eq(printers.id, printerConnections.printerId))
      .where(isNotNull(printerConnections.secret))
      .for('update')
    const opens = (id: string, blob: string, key: Buffer) => {
      try {
        return openSecrets(id, blob, key)
      } catch {
        return null
      }
    }
    const plan: Array<{ printerId: string; sealed: string }> = []
    const unreadable: string[] = []
    let already = 0
    for (const r of rows) {
      if (opens(r.printerId, r.secret!, newKey)) {
        already++
        continue
      }
      const secrets = opens(r.printerId, r.secret!, oldKey)
      if (secrets) plan.push({ printerId: r.printerId, sealed: sealSecrets(r.printerId, secrets, newKey) })
      else unreadable.push(r.assetId)
    }
    if (unreadable.length) return { ok: false as const, unreadable }
    for (const p of plan) await tx.update(printerConnections).set({ secret: p.sealed }).where(eq(printerConnections.printerId, p.printerId))
    if (plan.length) await audit(tx, actor, { action: 'printer.connection.rekey', entityType: 'printer', after: { rekeyed: plan.length, already } })
    return { ok: true as const, rekeyed: plan.length, already }
  })
}
