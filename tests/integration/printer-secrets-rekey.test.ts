/**
 * Rotating PRINTER_SECRET_KEY (`npm run printers:rekey`, issue 18): every stored secret is sealed again under the new key
 * in one transaction with one audit row; all or nothing when a secret opens with neither key; running it again is
 * harmless. The connection's own settings (and its version) stay as they were.
 */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, printerConnections } from '~db/schema'
import { saveConnection } from '~/models/printers/live/connections.server'
import { rekeyConnections } from '~/models/printers/live/rekey.server'
import { openSecrets } from '~/models/printers/live/secrets.server'
import { decodeSecretKey, resetEnvCache } from '~/utils/env.server'
import { makeLivePrinter, TEST_KEY } from './printer-live-support'

const system = { id: null, username: 'test' }
const setKey = (key: string) => {
  process.env.PRINTER_SECRET_KEY = key
  resetEnvCache()
}
afterEach(() => setKey(TEST_KEY))

async function connected(key: string, secrets: { serial: string; accessCode: string }) {
  setKey(key)
  const p = await makeLivePrinter()
  const saved = await saveConnection(system, p.id, { type: 'bambu', host: '10.0.0.9', port: null, tls: true, ...secrets }, null)
  expect(saved.ok).toBe(true)
  return p
}
const row = async (printerId: string) => (await db.select().from(printerConnections).where(eq(printerConnections.printerId, printerId)))[0]!

describe('rekeyConnections', () => {
  test('moves every secret to the new key (settings and version unchanged), audited once; a second run changes nothing', async () => {
    const oldText = randomBytes(32).toString('base64')
    const newText = randomBytes(32).toString('hex')
    const [oldKey, newKey] = [decodeSecretKey(oldText)!, decodeSecretKey(newText)!]
    const a = await connected(oldText, { serial: '01S00A0000001', accessCode: 'code-a-1' })
    const b = await connected(oldText, { serial: '01S00A0000002', accessCode: 'code-b-2' })
    const before = await row(a.id)
    const result = await rekeyConnections(system, oldKey, newKey)
    expect(result).toMatchObject({ ok: true, already: 0 })
    expect(result.ok && result.rekeyed).toBeGreaterThanOrEqual(2)
    for (const [p, serial, accessCode] of [
      [a, '01S00A0000001', 'code-a-1'],
      [b, '01S00A0000002', 'code-b-2'],
    ] as const) {
      const r = await row(p.id)
      expect(openSecrets(p.id, r.secret!, newKey)).toEqual({ serial, accessCode })
      expect(() => openSecrets(p.id, r.secret!, oldKey)).toThrow()
    }
    const after = await row(a.id)
    expect({ ...after, secret: null }).toEqual({ ...before, secret: null })
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'printer.connection.rekey'))).at(-1)?.after).toMatchObject({ rekeyed: result.ok ? result.rekeyed : -1 })
    expect(await rekeyConnections(system, oldKey, newKey)).toMatchObject({ ok: true, rekeyed: 0 })
  })

  test('a secret that opens with neither key: nothing changes, and the printer is named', async () => {
    const oldText = randomBytes(32).toString('base64')
    const other = randomBytes(32).toString('base64')
    const p = await connected(other, { serial: '01S00A0000003', accessCode: 'code-c-3' })
    const before = await row(p.id)
    const result = await rekeyConnections(system, decodeSecretKey(oldText)!, randomBytes(32))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.unreadable).toContain(p.assetId)
    expect(await row(p.id)).toEqual(before)
  })
})
