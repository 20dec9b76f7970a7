/**
 * The Bambu Lab LAN connector against real Mosquitto brokers (issue 18, "tests with real parts"): the anonymous one on
 * 127.0.0.1:1883 (TEST_MQTT_URL; started by `.ci/run`), and one this file starts on a free port with TLS (a self-signed
 * certificate made with openssl, named after the printer's serial as Bambu's are) and a password file
 * (mosquitto_passwd, user `bblp`, the access code as password) — as a printer in LAN mode is. A simulated printer (an
 * MQTT client) answers `pushall` on `device/<serial>/request` with a full report and publishes reports shaped as the
 * printers send them. Skipped, saying why, only when the mosquitto binary is missing.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { forgetCertificate, getConnection, saveConnection } from '~/models/printers/live/connections.server'
import { liveOf, recentStateChanges, storedLive } from '~/models/printers/live/store.server'
import { resetEnvCache } from '~/utils/env.server'
import { hasMosquitto, reachable, TestBroker } from '../support/mosquitto'
import { counter, makeLivePrinter, TEST_KEY, testPoller, waitFor } from './printer-live-support'

if (!hasMosquitto) console.warn('printer-live-bambu: the mosquitto binary is missing (apt-get install mosquitto): the Bambu MQTT tests are skipped.')

const SERIAL = '01S00C123456789'
const ACCESS_CODE = '3f9a1c7e'
const actor = { id: null, username: 'test' }

/** A broker of this file's own: plain and anonymous, or with TLS (a certificate named after the serial) and a password file. */
function makeBroker(tls: boolean): Promise<TestBroker> {
  if (!tls) return TestBroker.make(() => ['persistence false', 'allow_anonymous true'])
  const conf = (dir: string) => ['persistence false', `certfile ${dir}/cert.pem`, `keyfile ${dir}/key.pem`, 'allow_anonymous false', `password_file ${dir}/passwd`]
  return TestBroker.make(conf, (dir) => {
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', `/CN=${SERIAL}`], { cwd: dir })
    if (ssl.status !== 0) throw new Error(`openssl failed: ${ssl.stderr.toString()}`)
    const pw = spawnSync('mosquitto_passwd', ['-b', '-c', 'passwd', 'bblp', ACCESS_CODE], { cwd: dir })
    if (pw.status !== 0) throw new Error(`mosquitto_passwd failed: ${pw.stderr.toString()}`)
  })
}

/** A printer on the broker: answers pushall with `full`, publishes deltas on demand. */
class SimulatedPrinter {
  client: MqttClient
  full: Record<string, unknown> = {
    command: 'push_status',
    msg: 0,
    sequence_id: '1',
    gcode_state: 'RUNNING',
    mc_percent: 37,
    mc_remaining_time: 52,
    gcode_file: '/data/Metadata/plate_1.gcode',
    subtask_name: 'Clip x12',
    nozzle_temper: 220.13,
    bed_temper: 65,
    print_error: 0,
  }
  pushalls = 0

  constructor(url: string, opts: mqtt.IClientOptions = {}) {
    this.client = mqtt.connect(url, { reconnectPeriod: 200, rejectUnauthorized: false, ...opts })
    this.client.on('connect', () => this.client.subscribe(`device/${SERIAL}/request`))
    this.client.on('message', (_t, payload) => {
      const body = JSON.parse(payload.toString()) as { pushing?: { command?: string } }
      if (body.pushing?.command === 'pushall') {
        this.pushalls++
        this.publish(this.full)
      }
    })
  }

  ready() {
    return waitFor('the simulated printer', () => this.client.connected)
  }

  publish(print: Record<string, unknown>) {
    this.client.publish(`device/${SERIAL}/report`, JSON.stringify({ print }))
  }

  raw(payload: string | Buffer) {
    this.client.publish(`device/${SERIAL}/report`, payload)
  }

  end() {
    return new Promise<void>((resolve) => this.client.end(true, {}, () => resolve()))
  }
}

const cleanups: Array<() => Promise<void>> = []
beforeEach(() => {
  process.env.PRINTER_SECRET_KEY = TEST_KEY
  resetEnvCache()
})
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function bambuPrinter(port: number, tls: boolean, accessCode = ACCESS_CODE) {
  const p = await makeLivePrinter()
  const r = await saveConnection(actor, p.id, { type: 'bambu', host: '127.0.0.1', port, tls, serial: SERIAL, accessCode }, null)
  expect(r.ok).toBe(true)
  return p.id
}

async function startPoller(options: Parameters<typeof testPoller>[0] = {}) {
  const poller = await testPoller(options)
  cleanups.push(() => poller.stop())
  return poller
}

describe.skipIf(!hasMosquitto)('Bambu Lab LAN MQTT', () => {
  let plainPort = 1883
  let ownPlain: TestBroker | null = null
  let tlsBroker: TestBroker

  beforeAll(async () => {
    const url = new URL(process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883')
    plainPort = Number(url.port || 1883)
    // The shared broker is the one CI starts; a machine without it gets one of ours for this file.
    if (!(await reachable(plainPort, url.hostname))) {
      ownPlain = await makeBroker(false)
      plainPort = ownPlain.port
    }
    tlsBroker = await makeBroker(true)
  })
  afterAll(async () => {
    await ownPlain?.destroy()
    await tlsBroker?.destroy()
  })

  test('on the plain broker: pushall on connect, the full report mapped, deltas merged, hostile payloads counted', async () => {
    const printer = new SimulatedPrinter(`mqtt://127.0.0.1:${plainPort}`)
    cleanups.push(() => printer.end())
    await printer.ready()
    const id = await bambuPrinter(plainPort, false)
    await startPoller()
    await waitFor('the full report', async () => (await liveOf(id, new Date()))?.state === 'printing')
    expect(printer.pushalls).toBe(1)
    expect(await liveOf(id, new Date())).toMatchObject({ progress: 0.37, remainingSeconds: 52 * 60, file: 'Clip x12', nozzleC: 220.1, bedC: 65, message: null })

    printer.publish({ command: 'push_status', mc_percent: 38, nozzle_temper: 219.5 })
    await waitFor('the delta', async () => (await liveOf(id, new Date()))?.progress === 0.38)
    expect(await liveOf(id, new Date())).toMatchObject({ file: 'Clip x12', nozzleC: 219.5, bedC: 65 })

    const errorsBefore = await counter('mes_printer_parse_errors_total', 'bambu')
    printer.raw('not json at all')
    printer.raw(Buffer.from([0, 1, 2, 255]))
    printer.raw('[1,2,3]')
    printer.raw(JSON.stringify({ print: { gcode_state: { $gt: '' }, mc_percent: 'NaN', mc_remaining_time: -5, nozzle_temper: 1e308, subtask_name: 'x\u0000\u202ey' } }))
    await waitFor('parse errors', async () => (await counter('mes_printer_parse_errors_total', 'bambu')) >= errorsBefore + 3)
    await waitFor('the odd report', async () => (await liveOf(id, new Date()))?.file === 'xy')
    // An unknown state reads as idle; the values it could not read are unknown, the rest kept.
    expect(await liveOf(id, new Date())).toMatchObject({ state: 'idle', progress: null, remainingSeconds: null, nozzleC: null, bedC: 65 })

    printer.publish({ command: 'push_status', gcode_state: 'FINISH', mc_percent: 100, mc_remaining_time: 0 })
    await waitFor('finished', async () => (await liveOf(id, new Date()))?.state === 'finished')
    expect((await recentStateChanges(id)).map((c) => c.toState)).toEqual(['finished', 'idle', 'printing'])
  })

  test('on a TLS broker with a password file: the access code logs in, the self-signed certificate is accepted', async () => {
    const printer = new SimulatedPrinter(`mqtts://127.0.0.1:${tlsBroker.port}`, { username: 'bblp', password: ACCESS_CODE })
    cleanups.push(() => printer.end())
    await printer.ready()
    const id = await bambuPrinter(tlsBroker.port, true)
    await startPoller()
    const row = await waitFor('the report over TLS', async () => {
      const l = await liveOf(id, new Date())
      return l?.state === 'printing' ? l : null
    })
    expect(row.connectedSince).toBeInstanceOf(Date)
    expect(row.lastError).toBeNull()
  })

  test('the first certificate is pinned; an impostor with another one gets not a byte (no access code) until a planner forgets it', async () => {
    const printer = new SimulatedPrinter(`mqtts://127.0.0.1:${tlsBroker.port}`, { username: 'bblp', password: ACCESS_CODE })
    cleanups.push(() => printer.end())
    await printer.ready()
    const id = await bambuPrinter(tlsBroker.port, true)
    await startPoller()
    await waitFor('printing over TLS', async () => (await liveOf(id, new Date()))?.state === 'printing')
    const pinned = await waitFor('the pinned certificate', async () => (await getConnection(id)).tlsFingerprint)
    expect(pinned).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)

    // The printer is replaced by an impostor on the same address, with a certificate of its own.
    await printer.end()
    await tlsBroker.stop()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-impostor-'))
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', `/CN=${SERIAL}`], { cwd: dir })
    expect(ssl.status).toBe(0)
    let received = 0
    const impostor = tls.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (socket) => {
      socket.on('data', (d: Buffer) => (received += d.length))
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => impostor.listen(tlsBroker.port, '127.0.0.1', resolve))
    cleanups.push(async () => {
      await new Promise<void>((resolve) => impostor.close(() => resolve()))
      fs.rmSync(dir, { recursive: true, force: true })
      await tlsBroker.start()
    })
    const refused = await waitFor('the refusal', async () => {
      const e = (await storedLive([id])).get(id)?.lastError
      return e?.includes('another certificate') ? e : null
    }, 15_000)
    expect(refused).toMatch(/forget the certificate/)
    expect(received).toBe(0)
    expect((await getConnection(id)).tlsFingerprint).toBe(pinned)

    // A planner forgets it: the next certificate is trusted (and the impostor now hears the login).
    const { version } = await getConnection(id)
    expect(await forgetCertificate(actor, id, version)).toEqual({ ok: true })
    expect(await forgetCertificate(actor, id, version)).toEqual({ ok: false, reason: 'conflict' })
    await waitFor('the login sent', () => received > 0, 15_000)
    const repinned = await waitFor('the new pin', async () => (await getConnection(id)).tlsFingerprint)
    expect(repinned).not.toBe(pinned)
  })

  test('a wrong access code is refused by the broker and shown as the last error', async () => {
    const id = await bambuPrinter(tlsBroker.port, true, 'wrong000')
    await startPoller()
    const error = await waitFor('the refusal', async () => (await storedLive([id])).get(id)?.lastError)
    expect(error).toMatch(/not authori[sz]ed/i)
    expect((await liveOf(id, new Date()))?.state).toBe('offline')
  })

  test('the broker (printer) goes away: offline after the silence, back with backoff when it restarts', async () => {
    const printer = new SimulatedPrinter(`mqtts://127.0.0.1:${tlsBroker.port}`, { username: 'bblp', password: ACCESS_CODE })
    cleanups.push(() => printer.end())
    await printer.ready()
    const id = await bambuPrinter(tlsBroker.port, true)
    await startPoller({ offlineAfterMs: 2_500 })
    await waitFor('printing', async () => (await liveOf(id, new Date()))?.state === 'printing')
    // A silent printer whose broker still answers the keepalive pings is not offline (the printer is the broker).
    await new Promise((r) => setTimeout(r, 3_000))
    expect((await storedLive([id])).get(id)?.state).toBe('printing')

    const reconnects = await counter('mes_printer_reconnects_total', 'bambu')
    await tlsBroker.stop()
    await waitFor('offline', async () => (await storedLive([id])).get(id)?.state === 'offline', 15_000)
    expect((await storedLive([id])).get(id)?.connectedSince).toBeNull()
    await tlsBroker.start()
    await printer.ready()
    await waitFor('back', async () => (await liveOf(id, new Date()))?.state === 'printing', 15_000)
    expect(await counter('mes_printer_reconnects_total', 'bambu')).toBeGreaterThan(reconnects)
  })
})
