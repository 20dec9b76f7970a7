/**
 * Issue #19 in the field: one-channel sensors uploaded recording by recording through the upload form, with nothing
 * marked by hand. The sensor's first (healthy) recordings become its provisional baseline, later faults are judged
 * against it and its alarm bands; without any baseline nothing is called a fault. Machines have a blind speed and gain
 * (no nominal rpm, unit unknown), so only their own history can say what is normal for them.
 */
import { and, asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { vibrationBaselines, vibrationChannelDiagnosis, vibrationDiagnosis, vibrationMachines, vibrationRecordings } from '~db/schema'
import { drainDiagnosisQueue } from '~/models/vibration/diagnosis-queue.server'
import * as listApi from '~/routes/api.v1.vibration-diagnosis'
import * as machinePage from '~/routes/vibration.diagnosis.$machineId'
import * as overview from '~/routes/vibration.diagnosis._index'
import { createApiToken } from '~/utils/api-auth.server'
import { generateSensorHistory, oneChannelCsv, SIGNAL_CLASSES, type HistoryPhase, type SignalClass } from '../fixtures/vibration/generator'
import { BASE, callAction, callLoader, makeRequest } from '../support/app'
import { auditCount, resetVibration, signedIn, uploadFiles } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

const START = Date.UTC(2025, 5, 1, 0, 0, 0)
/** "recorded at" as the upload form takes it (wall clock, shop time zone): the history's start + offset. */
const recordedAt = (offsetSeconds: number) => new Date(START + offsetSeconds * 1000).toISOString().slice(0, 19)

/** Uploads a machine's sensor history, one recording per upload, in time order; returns each recording's class by time. */
async function uploadHistory(cookie: string, machine: string, machineSeed: number, phases: HistoryPhase[], seconds = 20) {
  const history = generateSensorHistory({ machineSeed, phases, seconds })
  for (const [i, rec] of history.recordings.entries()) {
    const res = await uploadFiles(cookie, [{ name: `${machine}-${i}.csv`, content: oneChannelCsv(rec) }], { machine, sensor: '1', recordedAt: recordedAt(rec.offsetSeconds) })
    expect(res.status).toBe(302)
  }
  return history
}

/** Every stored window of a machine with the class its recording was generated as. */
async function windowsOf(machine: string, history: Awaited<ReturnType<typeof uploadHistory>>) {
  const [m] = await db.select().from(vibrationMachines).where(eq(vibrationMachines.name, machine))
  const recs = await db.select().from(vibrationRecordings).where(eq(vibrationRecordings.machineId, m.id)).orderBy(asc(vibrationRecordings.collectedAt))
  expect(recs).toHaveLength(history.recordings.length)
  const cls = new Map(recs.map((r, i) => [r.id, history.recordings[i].cls]))
  const rows = await db.select().from(vibrationDiagnosis).where(eq(vibrationDiagnosis.machineId, m.id))
  return { machine: m, recordings: recs, windows: rows.map((w) => ({ ...w, truth: cls.get(w.recordingId) as SignalClass })) }
}

const right = (w: { faultType: number | null; truth: SignalClass }) => w.faultType !== null && SIGNAL_CLASSES[w.faultType] === w.truth

describe('one-channel sensors without a hand-marked baseline', () => {
  test('healthy first, then unbalance, looseness, both: ≥ 95 % of windows right against the provisional baseline', async () => {
    const { cookie } = await signedIn('planner')
    const phases: HistoryPhase[] = [
      { cls: 'normal', recordings: 3 },
      { cls: 'unbalance', recordings: 2 },
      { cls: 'looseness', recordings: 2 },
      { cls: 'both', recordings: 2 },
    ]
    const all: { faultType: number | null; truth: SignalClass }[] = []
    for (const [i, seed] of [11, 12, 13, 14].entries()) {
      const name = `field${i}`
      const history = await uploadHistory(cookie, name, seed, phases)
      const { machine, recordings, windows } = await windowsOf(name, history)
      // Blind: created by the upload, no nominal speed, unit unknown (no ISO zone either).
      expect(machine).toMatchObject({ nominalRpm: null, signalUnit: 'unknown' })
      all.push(...windows)
      // The provisional baseline learned the three healthy recordings and stopped at the first unbalance one.
      const [baseline] = await db.select().from(vibrationBaselines).where(eq(vibrationBaselines.machineId, machine.id))
      expect(baseline).toMatchObject({ source: 'provisional', sensorNo: '1', streamChannel: 'value', growing: false, closedReason: 'deviation', closedRecordingId: recordings[3].id })
      expect(baseline.recordingIds).toEqual(recordings.slice(0, 3).map((r) => r.id))
      expect(baseline.features.bands?.bands.oneX).toBeDefined()
      const channels = await db.select().from(vibrationChannelDiagnosis).where(eq(vibrationChannelDiagnosis.machineId, machine.id))
      expect(channels.every((c) => c.baselineSource === 'provisional' && c.status === 'diagnosed')).toBe(true)
      // Every fault window names the band it crossed.
      for (const w of windows.filter((x) => x.faultType !== null && x.faultType > 0)) expect(w.reason.bands?.some((c) => c.side === 'above')).toBe(true)
    }
    const accuracy = all.filter(right).length / all.length
    const perClass = Object.fromEntries(SIGNAL_CLASSES.map((c) => [c, all.filter((w) => w.truth === c && right(w)).length / all.filter((w) => w.truth === c).length]))
    console.log(`one-channel field accuracy: ${(100 * accuracy).toFixed(1)} % of ${all.length} windows`, perClass)
    expect(all.length).toBeGreaterThanOrEqual(4 * 9 * 13)
    expect(accuracy).toBeGreaterThanOrEqual(0.95)
  }, 240_000)

  test('a fresh sensor whose only data is healthy: ≤ 5 % of windows called a fault, and its tile is no alarm', async () => {
    const { cookie } = await signedIn('planner')
    const all: { faultType: number | null; truth: SignalClass }[] = []
    for (const [i, seed] of [21, 22, 23].entries()) {
      const history = await uploadHistory(cookie, `calm${i}`, seed, [{ cls: 'normal', recordings: 8 }])
      all.push(...(await windowsOf(`calm${i}`, history)).windows)
    }
    const faults = all.filter((w) => w.faultType !== null && w.faultType > 0).length / all.length
    console.log(`healthy-only sensors: ${(100 * faults).toFixed(2)} % of ${all.length} windows called a fault`)
    expect(faults).toBeLessThanOrEqual(0.05)
    expect(all.every((w) => w.faultType !== null)).toBe(true)
    const tiles = await callLoader(overview, makeRequest('/vibration/diagnosis', { cookie }))
    for (const m of (tiles.data as { machines: { diagnosis: { faultType: number | null } | null }[] }).machines) expect(m.diagnosis?.faultType).toBe(0)
  }, 240_000)
})

describe('no baseline yet', () => {
  test('windows are "no baseline" (fault null, what is missing) in the store, the API and the tile, until the baseline forms; then they are judged again', async () => {
    const { cookie } = await signedIn('planner')
    // 3 s: two windows, fewer than a provisional baseline needs.
    const history = await uploadHistory(cookie, 'newpump', 31, [{ cls: 'normal', recordings: 1 }], 3.1)
    const { machine, recordings, windows } = await windowsOf('newpump', history)
    expect(windows).toHaveLength(2)
    for (const w of windows) {
      expect(w).toMatchObject({ status: 'no_baseline', faultType: null, confidence: null })
      expect(w.reason).toMatchObject({ code: 'no_baseline', missing: ['baseline', 'unit', 'iso_class'] })
    }
    const [channel] = await db.select().from(vibrationChannelDiagnosis).where(eq(vibrationChannelDiagnosis.recordingId, recordings[0].id))
    expect(channel).toMatchObject({ status: 'no_baseline', faultType: null, baselineSource: 'none' })

    const token = (await createApiToken({ id: null, username: 'test' }, { name: 'reader', scope: 'read' })).token
    const res = await callLoader(listApi, new Request(new URL('/api/v1/vibration-diagnosis?status=no_baseline&machine=newpump', BASE), { headers: { Authorization: `Bearer ${token}` } }))
    const rows = (res.data as { data: Record<string, unknown>[] }).data
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ status: 'no_baseline', fault_type: null, fault: null, confidence: null, basis: 'none', reason: 'no baseline, signal unit unknown, ISO group/foundation not set → not judged' })
    const tiles = await callLoader(overview, makeRequest('/vibration/diagnosis', { cookie }))
    expect((tiles.data as { machines: { diagnosis: { status: string; faultType: number | null } }[] }).machines[0].diagnosis).toMatchObject({ status: 'no_baseline', faultType: null })

    // A second short healthy recording completes the provisional baseline: both recordings are judged with it.
    const more = generateSensorHistory({ machineSeed: 31, phases: [{ cls: 'normal', recordings: 2 }], seconds: 3.1 })
    await uploadFiles(cookie, [{ name: 'newpump-1.csv', content: oneChannelCsv(more.recordings[1]) }], { machine: 'newpump', sensor: '1', recordedAt: recordedAt(3600) })
    const after = await db.select().from(vibrationDiagnosis).where(eq(vibrationDiagnosis.machineId, machine.id))
    expect(after).toHaveLength(4)
    expect(after.every((w) => w.status === 'diagnosed' && w.faultType === 0)).toBe(true)
  })

  test('with the unit and ISO class known, a window without a baseline is judged by its ISO zone', async () => {
    const { cookie } = await signedIn('planner')
    await db.insert(vibrationMachines).values({ name: 'zoned1', signalUnit: 'acceleration_ms2', isoGroup: 'group2', isoFoundation: 'rigid' })
    await uploadHistory(cookie, 'zoned1', 41, [{ cls: 'unbalance', recordings: 1 }], 3.1)
    const rows = await db.select().from(vibrationDiagnosis)
    expect(rows).toHaveLength(2)
    for (const w of rows) {
      expect(w.status).toBe('diagnosed')
      expect(w.reason).toMatchObject({ basis: 'iso', zone: w.isoZone })
      if (w.isoZone === 'A' || w.isoZone === 'B') expect(w.faultType).toBe(0)
    }
  })
})

describe('a planner and the sensor baseline', () => {
  test('confirms the provisional baseline, marks a time range (re-diagnosed in the background, progress shown), removes it again', async () => {
    const { cookie } = await signedIn('planner')
    // Three 70-second recordings: together more than the request diagnoses inline, so the re-diagnosis is queued.
    const history = await uploadHistory(cookie, 'mill5', 51, [{ cls: 'normal', recordings: 2 }, { cls: 'unbalance', recordings: 1 }], 70)
    await drainDiagnosisQueue()
    const { machine, recordings } = await windowsOf('mill5', history)
    const path = `/vibration/diagnosis/${machine.id}`
    const page = async () => (await callLoader(machinePage, makeRequest(path, { cookie }), { machineId: machine.id })).data as { baselines: { sensorNo: string; baseline: { source: string; usable: boolean; bands: unknown[] } | null; progress: { total: number; done: number; waiting: number } | null }[] }
    expect((await page()).baselines).toMatchObject([{ sensorNo: '1', baseline: { source: 'provisional', usable: true } }])
    expect((await page()).baselines[0].baseline!.bands).toHaveLength(5)

    const confirmed = await callAction(machinePage, makeRequest(path, { cookie, form: { intent: 'confirm-baseline', sensor: '1' } }), { machineId: machine.id })
    expect(confirmed).toMatchObject({ status: 302, location: path })
    expect((await db.select().from(vibrationBaselines))[0]).toMatchObject({ source: 'marked', growing: false, recordingIds: recordings.slice(0, 2).map((r) => r.id) })
    expect((await db.select().from(vibrationChannelDiagnosis)).every((c) => c.baselineSource === 'marked')).toBe(true)
    expect(await auditCount('vibration.baseline.mark')).toBe(1)
    // Nothing left to confirm.
    expect((await callAction(machinePage, makeRequest(path, { cookie, form: { intent: 'confirm-baseline', sensor: '1' } }), { machineId: machine.id })).status).toBe(409)

    // Mark the first recording's time range: the sensor's three recordings are re-diagnosed in the background.
    const from = recordedAt(0).replace('T', ' ')
    const to = recordedAt(71).replace('T', ' ')
    const marked = await callAction(machinePage, makeRequest(path, { cookie, form: { intent: 'mark-range', sensor: '1', from, to } }), { machineId: machine.id })
    expect(marked).toMatchObject({ status: 302, location: path })
    const [range] = await db.select().from(vibrationBaselines)
    expect(range).toMatchObject({ source: 'marked', recordingIds: [recordings[0].id] })
    expect((await page()).baselines[0].progress).toEqual({ total: 3, done: 0, failed: 0, waiting: 3 })
    expect(await drainDiagnosisQueue()).toBe(3)
    expect((await page()).baselines[0].progress).toEqual({ total: 3, done: 3, failed: 0, waiting: 0 })
    const last = await db.select().from(vibrationDiagnosis).where(and(eq(vibrationDiagnosis.recordingId, recordings[2].id)))
    expect(last.filter((w) => w.faultType === 1).length / last.length).toBeGreaterThanOrEqual(0.9)

    // A range without enough windows, or a backwards one, is refused at that sensor's form.
    const empty = await callAction(machinePage, makeRequest(path, { cookie, form: { intent: 'mark-range', sensor: '1', from: '2020-01-01 00:00:00', to: '2020-01-02 00:00:00' } }), { machineId: machine.id })
    expect(empty).toMatchObject({ status: 400, data: { refusal: { sensor: '1', key: 'vibration.baseline.error.tooFew' } } })
    const backwards = await callAction(machinePage, makeRequest(path, { cookie, form: { intent: 'mark-range', sensor: '1', from: to, to: from } }), { machineId: machine.id })
    expect(backwards).toMatchObject({ status: 400, data: { refusal: { key: 'vibration.baseline.error.range' } } })

    // Removing the marked baseline learns the provisional one again from the first data.
    const cleared = await callAction(machinePage, makeRequest(path, { cookie, form: { intent: 'clear-baseline', sensor: '1' } }), { machineId: machine.id })
    expect(cleared.status).toBe(302)
    expect((await db.select().from(vibrationBaselines))[0]).toMatchObject({ source: 'provisional', recordingIds: recordings.slice(0, 2).map((r) => r.id), closedReason: 'deviation' })
    expect(await auditCount('vibration.baseline.clear')).toBe(1)
  }, 120_000)
})
