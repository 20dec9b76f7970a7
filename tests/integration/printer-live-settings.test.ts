/**
 * Printer connections (issue 18 items 1 and 3): secrets sealed with PRINTER_SECRET_KEY (round trip, wrong key, another
 * printer's blob), the start-up check, the settings page (planner+, version conflict → 409 with the current values,
 * secrets never back in a reply, changes audited without the secret) and the REST API (`PUT …/connection`,
 * `GET …/live`), both in the OpenAPI document.
 */
import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, printerConnections } from '~db/schema'
import { checkPrinterSecretKey, saveConnection } from '~/models/printers/live/connections.server'
import { openSecrets, sealSecrets, SecretKeyError } from '~/models/printers/live/secrets.server'
import { writeLiveBatch } from '~/models/printers/live/store.server'
import * as connectionApi from '~/routes/api.v1.printers.$assetId.connection'
import * as liveApi from '~/routes/api.v1.printers.$assetId.live'
import * as openapi from '~/routes/api.v1.openapi[.]json'
import * as page from '~/routes/printers.$printerId_.connection'
import { createApiToken } from '~/utils/api-auth.server'
import { decodeSecretKey, parseEnv, resetEnvCache } from '~/utils/env.server'
import { BASE, callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { makeLivePrinter, TEST_KEY } from './printer-live-support'

const ACCESS = 'ac-93f1x7'
const SERIAL = '01P00A391800123'
const OCTO_KEY = 'B5A36115A3DC49148EFC52012E7EBCD9'
const system = { id: null, username: 'test' }

const setKey = (key: string | undefined) => {
  if (key === undefined) delete process.env.PRINTER_SECRET_KEY
  else process.env.PRINTER_SECRET_KEY = key
  resetEnvCache()
}
beforeEach(() => setKey(TEST_KEY))
afterEach(() => setKey(TEST_KEY))

/** No secret in any form anywhere in `value` (JSON as sent to a browser or client). */
function expectNoSecrets(value: unknown) {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  for (const secret of [ACCESS, SERIAL, OCTO_KEY]) expect(text).not.toContain(secret)
}

describe('secrets at rest', () => {
  const key = decodeSecretKey(TEST_KEY)!

  test('sealed with AES-256-GCM: round trip, no plaintext in the blob, a fresh IV each time', () => {
    const blob = sealSecrets('p1', { serial: SERIAL, accessCode: ACCESS }, key)
    expect(blob).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expectNoSecrets(blob)
    expect(openSecrets('p1', blob, key)).toEqual({ serial: SERIAL, accessCode: ACCESS })
    expect(sealSecrets('p1', { serial: SERIAL }, key)).not.toBe(sealSecrets('p1', { serial: SERIAL }, key))
  })

  test('another key, another printer’s row or a changed byte cannot open it', () => {
    const blob = sealSecrets('p1', { apiKey: OCTO_KEY }, key)
    expect(() => openSecrets('p1', blob, randomBytes(32))).toThrow(SecretKeyError)
    expect(() => openSecrets('p2', blob, key)).toThrow(SecretKeyError)
    const [v, iv, tag, body] = blob.split('.')
    // The character replaced is the second-to-last (all its bits are data in unpadded base64url), so the choice of its
    // replacement must look at it, not at the last one (which let it stay the same once in 64 runs).
    const flipped = body.slice(0, -2) + (body.at(-2) === 'A' ? 'B' : 'A') + body.slice(-1)
    expect(flipped).not.toBe(body)
    expect(() => openSecrets('p1', [v, iv, tag, flipped].join('.'), key)).toThrow(SecretKeyError)
    expect(() => openSecrets('p1', 'garbage', key)).toThrow(SecretKeyError)
  })

  test('the key is 32 bytes as hex or base64; anything else stops the start naming the variable', () => {
    const bytes = randomBytes(32)
    expect(decodeSecretKey(bytes.toString('hex'))).toEqual(bytes)
    expect(decodeSecretKey(bytes.toString('base64'))).toEqual(bytes)
    expect(decodeSecretKey(bytes.toString('base64url'))).toEqual(bytes)
    expect(decodeSecretKey(randomBytes(16).toString('base64'))).toBeNull()
    const bad = parseEnv({ PRINTER_SECRET_KEY: 'not-a-key' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toMatch(/PRINTER_SECRET_KEY: expected 32 bytes/)
    expect(parseEnv({ PRINTER_SECRET_KEY: '' }).ok).toBe(true)
  })

  test('start-up: no connections need no key; a stored connection without the key is a clear error', async () => {
    setKey(undefined)
    expect(await checkPrinterSecretKey()).toBe(0)
    const p = await makeLivePrinter()
    // Saving needs the key too.
    expect(await saveConnection(system, p.id, { type: 'moonraker', host: 'k1.local', port: null, tls: false }, null)).toEqual({ ok: false, reason: 'no_key' })
    setKey(TEST_KEY)
    expect((await saveConnection(system, p.id, { type: 'moonraker', host: 'k1.local', port: null, tls: false }, null)).ok).toBe(true)
    setKey(undefined)
    await expect(checkPrinterSecretKey()).rejects.toThrow(/PRINTER_SECRET_KEY is not set, but printers have connections/)
    setKey(TEST_KEY)
    expect(await checkPrinterSecretKey()).toBe(1)
  })
})

describe('the connection page', () => {
  const url = (id: string) => `/printers/${id}/connection`
  const post = async (cookie: string, id: string, form: Record<string, string>) => callAction(page, makeRequest(url(id), { cookie, form }), { printerId: id })
  const load = async (cookie: string, id: string) => callLoader(page, makeRequest(url(id), { cookie }), { printerId: id })
  const bambuForm = { version: '0', type: 'bambu', host: '192.168.1.40', port: '', tls: 'on', serial: SERIAL, accessCode: ACCESS }

  test('a planner saves a Bambu connection: sealed at rest, audited without the secret, shown as "set" only', async () => {
    const p = await makeLivePrinter()
    const planner = await sessionFor((await makeUser('planner')).id)
    const saved = await post(planner, p.id, bambuForm)
    expect(saved).toMatchObject({ status: 302, location: url(p.id) })
    const [row] = await db.select().from(printerConnections).where(eq(printerConnections.printerId, p.id))
    expect(row).toMatchObject({ type: 'bambu', host: '192.168.1.40', port: 8883, tls: true, version: 1 })
    expectNoSecrets(row)
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'printer.connection'), eq(auditLog.entityId, p.id)))
    expect(entry).toMatchObject({ entityType: 'printer' })
    expect(entry.after).toMatchObject({ connectionType: 'bambu', host: '192.168.1.40', port: 8883, tls: true, secretsStored: ['serial', 'accessCode'], secretChanged: true })
    expectNoSecrets(entry)

    for (const role of ['planner', 'viewer'] as const) {
      const res = await load(await sessionFor((await makeUser(role)).id), p.id)
      expect(res.status).toBe(200)
      expectNoSecrets(res.data)
      expect((res.data as { connection: { secretsSet: Record<string, boolean> } }).connection.secretsSet).toEqual({ serial: true, accessCode: true })
      expect((res.data as { canWrite: boolean }).canWrite).toBe(role === 'planner')
    }
  })

  test('blank secrets keep the stored ones; refused input never echoes a secret; a stale version is a 409 with the current values', async () => {
    const p = await makeLivePrinter()
    const planner = await sessionFor((await makeUser('planner')).id)
    await post(planner, p.id, bambuForm)
    // Port changed, secrets left blank: kept.
    expect(await post(planner, p.id, { ...bambuForm, version: '1', port: '8884', serial: '', accessCode: '' })).toMatchObject({ status: 302 })
    const [row] = await db.select().from(printerConnections).where(eq(printerConnections.printerId, p.id))
    expect(openSecrets(p.id, row.secret!, decodeSecretKey(TEST_KEY)!)).toEqual({ serial: SERIAL, accessCode: ACCESS })

    const refused = await post(planner, p.id, { ...bambuForm, version: '2', host: 'http://evil/x' })
    expect(refused.status).toBe(400)
    expect((refused.data as { result: { error: Record<string, string[]> } }).result.error.host).toEqual(['printerLive.error.host_invalid'])
    expectNoSecrets(refused.data)

    // Another host without the secrets again: they are required (a stored key never follows a new host).
    const moved = await post(planner, p.id, { ...bambuForm, version: '2', host: '10.9.9.9', serial: '', accessCode: '' })
    expect(moved.status).toBe(400)
    expect((moved.data as { result: { error: Record<string, string[]> } }).result.error).toMatchObject({ serial: ['printerLive.error.secret_required'], accessCode: ['printerLive.error.secret_required'] })

    const stale = await post(planner, p.id, { ...bambuForm, version: '1' })
    expect(stale.status).toBe(409)
    expect((stale.data as { current: { version: number; port: number } }).current).toMatchObject({ version: 2, port: 8884 })
    expectNoSecrets(stale.data)
  })

  test('type none stops reading the printer; the live card shows the stored state', async () => {
    const p = await makeLivePrinter()
    const planner = await sessionFor((await makeUser('planner')).id)
    await post(planner, p.id, { version: '0', type: 'octoprint', host: 'octopi.local', port: '', apiKey: OCTO_KEY })
    await writeLiveBatch([{ printerId: p.id, record: { state: 'printing', progress: 0.5, remainingSeconds: 600, file: 'a.gcode', nozzleC: 210, bedC: 60, message: null, filamentMm: null, lastSeenAt: new Date(), connectedSince: new Date(), lastError: null, lastErrorAt: null } }], [])
    expect((await load(planner, p.id)).data).toMatchObject({ live: { state: 'printing', progress: 0.5 } })
    expect(await post(planner, p.id, { version: '1', type: 'none' })).toMatchObject({ status: 302 })
    expect((await load(planner, p.id)).data).toMatchObject({ live: null, connection: { type: 'none' } })
  })
})

describe('REST API', () => {
  const api = (path: string, opts: { token?: string; method?: string; body?: string; type?: string } = {}) => {
    const headers: Record<string, string> = {}
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`
    if (opts.type ?? opts.body) headers['Content-Type'] = opts.type ?? 'application/json'
    return new Request(new URL(path, BASE), { method: opts.method ?? 'GET', headers, body: opts.body })
  }
  const token = async (scope: 'read' | 'write') => (await createApiToken(system, { name: `printers-${scope}`, scope })).token
  const put = (assetId: string, tok: string, body: unknown, extra: { method?: string; type?: string } = {}) =>
    callAction(connectionApi, api(`/api/v1/printers/${assetId}/connection`, { token: tok, method: extra.method ?? 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body), type: extra.type }), { assetId })
  const getLive = (assetId: string, tok: string) => callLoader(liveApi, api(`/api/v1/printers/${assetId}/live`, { token: tok }), { assetId })

  test('PUT sets the connection (write token), answers without secrets and is audited as the token', async () => {
    const p = await makeLivePrinter()
    const write = await token('write')
    const res = await put(p.assetId.toLowerCase(), write, { type: 'bambu', host: '10.0.0.7', port: null, serial: SERIAL, accessCode: ACCESS })
    expect(res.status).toBe(200)
    expect(res.data).toEqual({ connection: { type: 'bambu', host: '10.0.0.7', port: 8883, tls: true, secretsSet: { serial: true, accessCode: true }, version: 1, updatedAt: expect.any(String) }, changed: true })
    expectNoSecrets(res.data)
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'printer.connection'), eq(auditLog.entityId, p.id)))
    expect(entry.username).toBe('token:printers-write')
    expectNoSecrets(entry)
    // The same again changes nothing (idempotent); secrets left out are kept.
    expect((await put(p.assetId, write, { type: 'bambu', host: '10.0.0.7', tls: true })).data).toMatchObject({ changed: false, connection: { version: 1 } })
  })

  test('PUT refusals: read token 403, POST 405, other media 415, bad JSON / unknown keys / bad settings 400 without echoing secrets, unknown printer 404', async () => {
    const p = await makeLivePrinter()
    const write = await token('write')
    expect((await put(p.assetId, await token('read'), { type: 'none' })).status).toBe(403)
    expect((await put(p.assetId, write, { type: 'none' }, { method: 'POST' })).status).toBe(405)
    expect((await put(p.assetId, write, 'type=none', { type: 'application/x-www-form-urlencoded' })).status).toBe(415)
    expect((await put(p.assetId, write, '{"type":')).status).toBe(400)
    const unknown = await put(p.assetId, write, { type: 'octoprint', host: 'o.local', apiKey: OCTO_KEY, role: 'admin' })
    expect(unknown.status).toBe(400)
    expectNoSecrets(unknown.data)
    const invalid = await put(p.assetId, write, { type: 'octoprint', host: 'o.local', apiKey: `${OCTO_KEY} with spaces` })
    expect(invalid).toMatchObject({ status: 400, data: { error: { code: 'invalid_connection', problems: [{ field: 'apiKey', code: 'secret_invalid' }] } } })
    expectNoSecrets(invalid.data)
    expect((await put('NO-SUCH-PRINTER', write, { type: 'none' })).status).toBe(404)
    expect((await put(p.assetId, 'mes_nope', { type: 'none' })).status).toBe(401)
  })

  test('GET live (read token): 404 not_connected without a connection, the stored state with offline after 30 s', async () => {
    const p = await makeLivePrinter()
    const read = await token('read')
    expect(await getLive(p.assetId, read)).toMatchObject({ status: 404, data: { error: { code: 'not_connected' } } })
    await put(p.assetId, await token('write'), { type: 'octoprint', host: 'octopi.local', apiKey: OCTO_KEY })
    expect((await getLive(p.assetId, read)).data).toEqual({ state: 'offline', progress: null, remainingSeconds: null, file: null, nozzleC: null, bedC: null, lastSeenAt: null, message: null })
    const seen = new Date(Date.now() - 5_000)
    const record = { state: 'printing' as const, progress: 0.625, remainingSeconds: 1500, file: 'rail.gcode', nozzleC: 215.5, bedC: 60, message: null, filamentMm: null, lastSeenAt: seen, connectedSince: seen, lastError: null, lastErrorAt: null }
    await writeLiveBatch([{ printerId: p.id, record }], [])
    const live = await getLive(p.assetId.toLowerCase(), read)
    expect(live.status).toBe(200)
    expect(live.data).toEqual({ state: 'printing', progress: 0.625, remainingSeconds: 1500, file: 'rail.gcode', nozzleC: 215.5, bedC: 60, lastSeenAt: seen.toISOString(), message: null })
    await writeLiveBatch([{ printerId: p.id, record: { ...record, lastSeenAt: new Date(Date.now() - 31_000) } }], [])
    expect((await getLive(p.assetId, read)).data).toMatchObject({ state: 'offline', file: 'rail.gcode' })
    expect((await getLive(p.assetId, '')).status).toBe(401)
  })

  test('both endpoints are in the OpenAPI document', async () => {
    const doc = (await callLoader(openapi, api('/api/v1/openapi.json'))).data as { paths: Record<string, Record<string, { security: unknown }>> }
    expect(doc.paths['/api/v1/printers/{assetId}/connection'].put.security).toEqual([{ bearer: ['write'] }])
    expect(doc.paths['/api/v1/printers/{assetId}/live'].get.security).toEqual([{ bearer: ['read'] }])
  })
})
