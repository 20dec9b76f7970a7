import { and, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, vibrationBaselines, vibrationChannelDiagnosis, vibrationDiagnosis, vibrationDiagnosisRuns, vibrationImports, vibrationMachines, vibrationRecordings } from '~db/schema'
import { claimNextRun, drainDiagnosisQueue, enqueueDiagnosis, requeueInterruptedRuns } from '~/models/vibration/diagnosis-queue.server'
import { INLINE_MAX_VALUES } from '~/models/vibration/diagnosis-dispatch.server'
import { startDiagnosisWorker, stopDiagnosisWorker } from '~/models/vibration/diagnosis-worker.server'
import * as latestAllApi from '~/routes/api.v1.machines_.diagnosis.latest'
import * as latestOneApi from '~/routes/api.v1.machines_.$name.diagnosis.latest'
import * as listApi from '~/routes/api.v1.vibration-diagnosis'
import * as importPage from '~/routes/vibration.imports.$importId'
import * as machinePage from '~/routes/vibration.diagnosis.$machineId'
import * as agreementPage from '~/routes/vibration.diagnosis.agreement'
import * as overview from '~/routes/vibration.diagnosis._index'
import * as recordingPage from '~/routes/vibration.diagnosis.recordings.$recordingId'
import { createApiToken } from '~/utils/api-auth.server'
import { generateRecording, generateWindow, recordingToCsv } from '../fixtures/vibration/generator'
import { BASE, callAction, callLoader, makeRequest } from '../support/app'
import { auditCount, lastImport, resetVibration, signedIn, uploadFiles } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

/** A four-channel layout-a file from the generator: Normal, Type 1 unbalance, Type 2 looseness, Type 3 both. */
function layoutAFile(seconds = 12, seed = 11) {
  return recordingToCsv(generateRecording({ seconds, seed }))
}

/** A single-channel file (measured_time,value) of one generated condition. */
function singleChannelFile(cls: 'normal' | 'unbalance', seed: number) {
  const w = generateWindow(cls, { machineSeed: 5, seed, samples: 8192, shaftHz: 30 })
  return 'measured_time,value\n' + Array.from(w.time, (t, i) => `${t.toFixed(6)},${w.values[i].toFixed(6)}`).join('\n') + '\n'
}

async function machineNamed(name: string) {
  const [m] = await db.select().from(vibrationMachines).where(eq(vibrationMachines.name, name))
  return m
}

function api(path: string, token?: string) {
  return new Request(new URL(path, BASE), { headers: token ? { Authorization: `Bearer ${token}` } : {} })
}

describe('diagnosis after an upload', () => {
  test('a generated four-channel file: Normal → normal, Type 1 → unbalance, Type 2 → looseness, Type 3 → both; tile, timeline, window view and agreement table show it', async () => {
    const { cookie } = await signedIn('planner')
    // A zoned machine: acceleration in m/s², ISO group 2 on a rigid foundation.
    await db.insert(vibrationMachines).values({ name: 'press1', signalUnit: 'acceleration_ms2', isoGroup: 'group2', isoFoundation: 'rigid' })
    const res = await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile() }], { recordedAt: '2025-05-01T09:00:00' })
    expect(res.status).toBe(302)
    const imp = await lastImport()
    expect(imp.status).toBe('succeeded')

    // Small: diagnosed in the request.
    const runs = await db.select().from(vibrationDiagnosisRuns)
    expect(runs).toMatchObject([{ status: 'done', trigger: 'import', importId: imp.id, attempts: 1 }])
    const channels = await db.select().from(vibrationChannelDiagnosis)
    expect(Object.fromEntries(channels.map((c) => [c.channel, c.faultType]))).toEqual({ normal: 0, type1: 1, type2: 2, type3: 3 })
    expect(Object.fromEntries(channels.map((c) => [c.channel, c.label]))).toEqual({ normal: 0, type1: 1, type2: 2, type3: 3 })
    expect(channels.every((c) => c.baselineSource === 'own_normal' && c.isoZone !== 'not_zoned' && c.velocityRms! > 0)).toBe(true)
    const windows = await db.select().from(vibrationDiagnosis)
    const perChannel = Math.floor((12 * 1360) / 2048)
    expect(windows).toHaveLength(4 * perChannel)
    const first = windows.find((w) => w.channel === 'type1' && w.windowIndex === 0)!
    // detected_at = the window's end on the wall clock (09:00 Seoul = 00:00 UTC, + 2048 / 1360 s).
    expect(first.detectedAt.getTime()).toBe(Date.UTC(2025, 4, 1, 0, 0, 0) + Math.round((2048 / 1360) * 1000))
    expect(first).toMatchObject({ machineName: 'press1', sensorNo: '1', faultType: 1, engineVersion: expect.any(String) })
    expect(first.reason).toMatchObject({ code: 'unbalance', hasBaseline: true })

    // The import report lists its diagnosis run.
    const report = await callLoader(importPage, makeRequest(`/vibration/imports/${imp.id}`, { cookie }), { importId: imp.id })
    expect((report.data as { runs: { status: string }[] }).runs).toMatchObject([{ status: 'done' }])

    // Machine tile: the latest window; at the same instant the worst fault (both) wins.
    const tiles = await callLoader(overview, makeRequest('/vibration/diagnosis', { cookie }))
    const tile = (tiles.data as { machines: { machineName: string; diagnosis: { faultType: number; channel: string; isoZone: string } | null }[] }).machines[0]
    expect(tile).toMatchObject({ machineName: 'press1', diagnosis: { faultType: 3, channel: 'type3' } })
    expect(['A', 'B', 'C', 'D']).toContain(tile.diagnosis!.isoZone)

    // Timeline: one row per channel, one band per channel (every window agrees), trends with zone bands.
    const machine = await machineNamed('press1')
    const page = await callLoader(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}`, { cookie }), { machineId: machine.id })
    const view = page.data as { rows: { channel: string }[]; bands: { row: number; state: number }[]; zones: number[] | null; trends: { velocity: unknown[] | null }; shown: number; total: number }
    expect(view.rows.map((r) => r.channel)).toEqual(['normal', 'type1', 'type2', 'type3'])
    expect(view.bands).toEqual([0, 1, 2, 3].map((i) => expect.objectContaining({ row: i, state: i })))
    expect(view.zones).toEqual([1.4, 2.8, 4.5])
    expect(view.trends.velocity).toHaveLength(4)
    expect(view).toMatchObject({ shown: 4 * perChannel, total: 4 * perChannel })
    // GET filters: one channel, and a date range after the recording (nothing).
    const filtered = await callLoader(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}?channel=type2&sensor=1`, { cookie }), { machineId: machine.id })
    expect((filtered.data as typeof view).rows.map((r) => r.channel)).toEqual(['type2'])
    const later = await callLoader(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}?from=2025-05-02T00:00:00`, { cookie }), { machineId: machine.id })
    expect((later.data as typeof view).rows).toEqual([])

    // Window view of a looseness window: envelope, spectrum and order markers.
    const rec = (await db.select().from(vibrationRecordings))[0]
    const win = await callLoader(recordingPage, makeRequest(`/vibration/diagnosis/recordings/${rec.id}?channel=type2&window=2`, { cookie }), { recordingId: rec.id })
    const wv = win.data as { channel: string; selected: { windowIndex: number; faultType: number }; view: { envelope: unknown[]; spectrum: unknown[]; markers: { order: number }[] } }
    expect(wv.channel).toBe('type2')
    expect(wv.selected).toMatchObject({ windowIndex: 2, faultType: 2 })
    expect(wv.view.envelope).toHaveLength(512)
    expect(wv.view.spectrum.length).toBeGreaterThan(100)
    expect(wv.view.markers.map((m) => m.order)).toContain(1)

    // Agreement table: the four channels on the diagonal.
    const agreement = await callLoader(agreementPage, makeRequest('/vibration/diagnosis/agreement', { cookie }))
    const a = agreement.data as { byChannel: { counts: number[][]; accuracy: number }; byWindow: { total: number; accuracy: number }; recordings: { channels: { label: number; faultType: number }[] }[] }
    expect(a.byChannel.counts).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ])
    expect(a.byChannel.accuracy).toBe(1)
    expect(a.byWindow.total).toBe(4 * perChannel)
    expect(a.byWindow.accuracy).toBeGreaterThanOrEqual(0.9)
    expect(a.recordings[0].channels.map((c) => [c.label, c.faultType])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ])
  })

  test('a machine whose unit is unknown is diagnosed but "not zoned"', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'fan2_sensor1.csv', content: layoutAFile(4, 3) }])
    const channels = await db.select().from(vibrationChannelDiagnosis)
    expect(channels).toHaveLength(4)
    expect(channels.every((c) => c.isoZone === 'not_zoned' && c.velocityRms === null && c.faultType !== null)).toBe(true)
  })

  test('a recording shorter than one window is recorded as not analysed, not as an error', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'tiny_sensor1.csv', content: layoutAFile(1, 3) }])
    expect(await db.select().from(vibrationDiagnosisRuns)).toMatchObject([{ status: 'done', windowCount: 0 }])
    const channels = await db.select().from(vibrationChannelDiagnosis)
    expect(channels.map((c) => c.problem)).toEqual(['shorter_than_window', 'shorter_than_window', 'shorter_than_window', 'shorter_than_window'])
  })
})

describe('diagnosis jobs', () => {
  test('a large recording is queued with a visible status and done by the queue', async () => {
    const { cookie } = await signedIn('planner')
    const seconds = Math.ceil(INLINE_MAX_VALUES / 4 / 1360) + 2
    await uploadFiles(cookie, [{ name: 'mill3_sensor2.csv', content: layoutAFile(seconds, 21) }])
    const imp = await lastImport()
    expect(imp.status).toBe('succeeded')
    expect(await db.select().from(vibrationDiagnosisRuns)).toMatchObject([{ status: 'queued', trigger: 'import', attempts: 0, importId: imp.id }])
    expect(await db.select().from(vibrationDiagnosis)).toHaveLength(0)
    const report = await callLoader(importPage, makeRequest(`/vibration/imports/${imp.id}`, { cookie }), { importId: imp.id })
    expect((report.data as { runs: { status: string }[] }).runs).toMatchObject([{ status: 'queued' }])

    expect(await drainDiagnosisQueue()).toBe(1)
    expect(await db.select().from(vibrationDiagnosisRuns)).toMatchObject([{ status: 'done', attempts: 1 }])
    const channels = await db.select().from(vibrationChannelDiagnosis)
    expect(Object.fromEntries(channels.map((c) => [c.channel, c.faultType]))).toEqual({ normal: 0, type1: 1, type2: 2, type3: 3 })
  }, 60_000)

  test('a job left running by a stopped server is queued again at boot and then done; attempts are counted', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile(4, 5) }])
    const [rec] = await db.select().from(vibrationRecordings)
    const [runId] = await enqueueDiagnosis([rec.id], { trigger: 'rediagnose' })
    // The same recording asked again while queued: still one queued run.
    expect(await enqueueDiagnosis([rec.id], { trigger: 'rediagnose' })).toEqual([runId])
    const claimed = await claimNextRun()
    expect(claimed).toMatchObject({ id: runId, attempts: 1 })
    // While its lease runs (another app instance may be working on it), nobody takes it back …
    expect(await requeueInterruptedRuns()).toEqual({ requeued: 0, failed: 0 })
    // … the server stops here. Once the lease has run out (at boot or the next worker check):
    expect(await requeueInterruptedRuns(0)).toEqual({ requeued: 1, failed: 0 })
    expect((await db.select().from(vibrationDiagnosisRuns).where(eq(vibrationDiagnosisRuns.id, runId)))[0]).toMatchObject({ status: 'queued', attempts: 1 })
    expect(await drainDiagnosisQueue()).toBe(1)
    expect((await db.select().from(vibrationDiagnosisRuns).where(eq(vibrationDiagnosisRuns.id, runId)))[0]).toMatchObject({ status: 'done', attempts: 2 })
  })

  test('a job that keeps crashing the server is given up after its attempts', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile(4, 5) }])
    const [rec] = await db.select().from(vibrationRecordings)
    const [runId] = await enqueueDiagnosis([rec.id], { trigger: 'rediagnose' })
    for (let i = 0; i < 3; i++) {
      await claimNextRun()
      await requeueInterruptedRuns(0)
    }
    expect((await db.select().from(vibrationDiagnosisRuns).where(eq(vibrationDiagnosisRuns.id, runId)))[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'vibration.diagnosis.error.crashed',
    })
  })

  test('the in-process worker does queued jobs, but lets a running import go first', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile(4, 5) }])
    const [rec] = await db.select().from(vibrationRecordings)
    const [running] = await db.insert(vibrationImports).values({ batchId: crypto.randomUUID(), source: 'form', fileName: 'busy.csv', status: 'running' }).returning()
    const [runId] = await enqueueDiagnosis([rec.id], { trigger: 'rediagnose' })
    const status = async () => (await db.select().from(vibrationDiagnosisRuns).where(eq(vibrationDiagnosisRuns.id, runId)))[0].status
    // The worker's state (kept on globalThis by the worker module): the signal that it has looked at the queue.
    const worker = () => (globalThis as { __mesDiagnosisWorker?: { waitingSince: number | null; busy: Promise<void> | null } }).__mesDiagnosisWorker!
    expect(worker().waitingSince).toBeNull()
    startDiagnosisWorker({ pollMs: 50 })
    try {
      // It has had its look once it has noted the running import (waitingSince) and is idle again — or taken the job.
      const looked = async () => (await status()) !== 'queued' || (worker().waitingSince !== null && worker().busy === null)
      await expect.poll(looked, { timeout: 10_000 }).toBe(true)
      expect(await status()).toBe('queued')
      await db.update(vibrationImports).set({ status: 'failed' }).where(eq(vibrationImports.id, running.id))
      await expect.poll(status, { timeout: 10_000, interval: 100 }).toBe('done')
    } finally {
      await stopDiagnosisWorker()
    }
  })
})

describe('re-diagnosis and baselines', () => {
  test('a planner re-diagnoses a machine (audited); a viewer may not', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile(4, 5) }])
    const machine = await machineNamed('press1')
    const res = await callAction(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}`, { cookie, form: { intent: 'rediagnose' } }), { machineId: machine.id })
    expect(res).toMatchObject({ status: 302, location: `/vibration/diagnosis/${machine.id}` })
    const runs = await db.select().from(vibrationDiagnosisRuns)
    expect(runs.map((r) => `${r.trigger}:${r.status}`).sort()).toEqual(['import:done', 'rediagnose:done'])
    expect(await auditCount('vibration.diagnosis.rerun')).toBe(1)
    const viewer = await signedIn('viewer')
    const denied = await callAction(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}`, { cookie: viewer.cookie, form: { intent: 'rediagnose' } }), { machineId: machine.id })
    expect(denied.status).toBe(403)
  })

  test('a marked baseline is used for single-channel recordings of that sensor, re-diagnoses them, and can be removed', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'healthy.csv', content: singleChannelFile('normal', 1) }], { machine: 'pump7', sensor: '2', recordedAt: '2025-06-01T08:00:00' })
    await uploadFiles(cookie, [{ name: 'faulty.csv', content: singleChannelFile('unbalance', 2) }], { machine: 'pump7', sensor: '2', recordedAt: '2025-06-02T08:00:00' })
    const recs = await db.select().from(vibrationRecordings).orderBy(vibrationRecordings.collectedAt)
    const [healthy, faulty] = recs
    const source = async (id: string) => (await db.select().from(vibrationChannelDiagnosis).where(eq(vibrationChannelDiagnosis.recordingId, id)))[0]
    // Issue #19: before any mark, the sensor's first recording is its provisional baseline (this used to read
    // baselineSource 'none', and the unbalance was called from the spectrum's shape alone).
    expect(await source(healthy.id)).toMatchObject({ baselineSource: 'provisional', faultType: 0 })
    expect(await source(faulty.id)).toMatchObject({ baselineSource: 'provisional', baselineRecordingId: healthy.id, faultType: 1 })

    const marked = await callAction(recordingPage, makeRequest(`/vibration/diagnosis/recordings/${healthy.id}`, { cookie, form: { intent: 'baseline', channel: 'value' } }), { recordingId: healthy.id })
    expect(marked).toMatchObject({ status: 302, location: `/vibration/diagnosis/recordings/${healthy.id}?channel=value` })
    const [baseline] = await db.select().from(vibrationBaselines)
    expect(baseline).toMatchObject({ sensorNo: '2', recordingId: healthy.id, channel: 'value', source: 'marked', streamChannel: 'value' })
    expect(baseline.features).toMatchObject({ windowCount: 4 })
    expect(await source(faulty.id)).toMatchObject({ baselineSource: 'marked', baselineRecordingId: healthy.id, faultType: 1 })
    expect(await source(healthy.id)).toMatchObject({ baselineSource: 'marked', faultType: 0 })
    expect(await auditCount('vibration.baseline.mark')).toBe(1)
    const runs = await db.select().from(vibrationDiagnosisRuns).where(eq(vibrationDiagnosisRuns.trigger, 'baseline'))
    expect(runs).toHaveLength(2)

    const machine = await machineNamed('pump7')
    const cleared = await callAction(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}`, { cookie, form: { intent: 'clear-baseline', sensor: '2' } }), { machineId: machine.id })
    expect(cleared.status).toBe(302)
    // The marked baseline is gone; the provisional one is learned again from the sensor's first data (issue #19: this
    // used to be no baseline at all).
    expect(await db.select().from(vibrationBaselines)).toMatchObject([{ source: 'provisional', recordingId: healthy.id }])
    expect(await source(faulty.id)).toMatchObject({ baselineSource: 'provisional', faultType: 1 })
    expect(await auditCount('vibration.baseline.clear')).toBe(1)
  })

  test('bad input answers 400 or shows field errors, never a 500', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile(4, 5) }])
    const machine = await machineNamed('press1')
    const [rec] = await db.select().from(vibrationRecordings)
    const recPath = `/vibration/diagnosis/recordings/${rec.id}`
    expect((await callAction(recordingPage, makeRequest(recPath, { cookie, form: { intent: 'baseline', channel: 'value' } }), { recordingId: rec.id })).status).toBe(400)
    expect((await callAction(recordingPage, makeRequest(recPath, { cookie, form: { intent: 'explode' } }), { recordingId: rec.id })).status).toBe(400)
    expect((await callAction(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}`, { cookie, form: { intent: 'clear-baseline', sensor: '9' } }), { machineId: machine.id })).status).toBe(400)
    expect((await callAction(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}`, { cookie, form: { intent: 'clear-baseline' } }), { machineId: machine.id })).status).toBe(400)

    const page = await callLoader(machinePage, makeRequest(`/vibration/diagnosis/${machine.id}?from=yesterday&channel=x&sensor=zz`, { cookie }), { machineId: machine.id })
    expect(page.status).toBe(200)
    expect((page.data as { filterErrors: Record<string, string> }).filterErrors).toEqual({
      from: 'vibration.diagnosis.filter.badDate',
      channel: 'vibration.diagnosis.error.channel',
      sensor: 'vibration.diagnosis.error.sensor',
    })
    const win = await callLoader(recordingPage, makeRequest(`${recPath}?channel=nope&window=-3`, { cookie }), { recordingId: rec.id })
    expect(win.status).toBe(200)
    expect((win.data as { errors: Record<string, string> }).errors).toEqual({ channel: 'vibration.diagnosis.error.channel', window: 'vibration.diagnosis.error.window' })
    expect((await callLoader(machinePage, makeRequest('/vibration/diagnosis/not-a-uuid', { cookie }), { machineId: 'not-a-uuid' })).status).toBe(404)
    expect((await callLoader(recordingPage, makeRequest('/vibration/diagnosis/recordings/x', { cookie }), { recordingId: 'x' })).status).toBe(404)
  })
})

describe('diagnosis API', () => {
  test('list with filters and keyset pages; latest for all machines and by name; 404, 400 and 401', async () => {
    const { cookie } = await signedIn('planner')
    await uploadFiles(cookie, [{ name: 'press1_sensor1.csv', content: layoutAFile(12, 11) }], { recordedAt: '2025-05-01T09:00:00' })
    await uploadFiles(cookie, [{ name: 'fan2_sensor3.csv', content: layoutAFile(4, 3) }], { recordedAt: '2025-05-03T09:00:00' })
    const token = (await createApiToken({ id: null, username: 'test' }, { name: 'reader', scope: 'read' })).token

    expect((await callLoader(listApi, api('/api/v1/vibration-diagnosis'))).status).toBe(401)
    const all = await callLoader(listApi, api('/api/v1/vibration-diagnosis?limit=1000', token))
    const rows = (all.data as { data: { detected_at: string; machine_name: string; fault_type: number; reason: string; channel: string }[] }).data
    const total = await db.select().from(vibrationDiagnosis)
    expect(rows).toHaveLength(total.length)
    expect(rows[0].machine_name).toBe('fan2') // newest first
    expect([...rows].sort((a, b) => b.detected_at.localeCompare(a.detected_at)).map((r) => r.detected_at)).toEqual(rows.map((r) => r.detected_at))

    // Keyset pages of 5 cover the filtered set exactly once.
    const seen: string[] = []
    let after: string | null = null
    do {
      const res = await callLoader(listApi, api(`/api/v1/vibration-diagnosis?machine=PRESS1&channel=type1&limit=5${after ? `&after=${after}` : ''}`, token))
      const body = res.data as { data: { id: string; machine_name: string; channel: string; fault_type: number; reason: string }[]; next_cursor: string | null }
      for (const d of body.data) {
        expect(d).toMatchObject({ machine_name: 'press1', channel: 'type1', fault_type: 1 })
        expect(d.reason).toMatch(/→ unbalance/)
        seen.push(d.id)
      }
      after = body.next_cursor
    } while (after)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toHaveLength(total.filter((d) => d.machineName === 'press1' && d.channel === 'type1').length)

    const faults = await callLoader(listApi, api('/api/v1/vibration-diagnosis?fault_type=2&from=2025-05-01T00:00:00&to=2025-05-02T00:00:00', token))
    expect((faults.data as { data: { fault_type: number; machine_name: string }[] }).data.every((d) => d.fault_type === 2 && d.machine_name === 'press1')).toBe(true)
    for (const bad of ['limit=0', 'limit=x', 'fault_type=7', 'channel=left', 'recording=1', 'from=soon', 'after=zzz']) {
      expect((await callLoader(listApi, api(`/api/v1/vibration-diagnosis?${bad}`, token))).status, bad).toBe(400)
    }
    expect((await callLoader(listApi, api('/api/v1/vibration-diagnosis?machine=nobody', token))).data).toEqual({ data: [], next_cursor: null })

    const latest = await callLoader(latestAllApi, api('/api/v1/machines/diagnosis/latest', token))
    const machines = (latest.data as { data: { machine_name: string; latest: { fault_type: number; channel: string; detected_at: string } | null }[] }).data
    expect(machines.map((m) => m.machine_name)).toEqual(['fan2', 'press1'])
    expect(machines[1].latest).toMatchObject({ fault_type: 3, channel: 'type3' })

    const one = await callLoader(latestOneApi, api('/api/v1/machines/Press1/diagnosis/latest', token), { name: 'Press1' })
    expect(one).toMatchObject({ status: 200, data: { machine_name: 'press1', latest: { fault_type: 3, iso_zone: 'not_zoned' } } })
    expect((one.data as { latest: { detected_at: string } }).latest.detected_at).toBe(machines[1].latest!.detected_at)
    expect((await callLoader(latestOneApi, api('/api/v1/machines/nobody/diagnosis/latest', token), { name: 'nobody' })).status).toBe(404)
    expect((await callLoader(latestAllApi, api('/api/v1/machines/diagnosis/latest'))).status).toBe(401)
    // A machine without any diagnosis has latest: null.
    await db.insert(vibrationMachines).values({ name: 'idle9' })
    const idle = await callLoader(latestOneApi, api('/api/v1/machines/idle9/diagnosis/latest', token), { name: 'idle9' })
    expect(idle.data).toMatchObject({ machine_name: 'idle9', latest: null })
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'vibration.diagnosis.rerun')))).toHaveLength(0)
  })
})
