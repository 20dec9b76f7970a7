/**
 * Issue #19 item 5: raw samples past VIBRATION_RAW_RETENTION_DAYS go by whole weekly partitions; the blocks behind fault
 * windows and baselines are kept for good, as are every window's features and diagnosis. A one-channel sensor's history
 * (healthy, unbalance, healthy again) is uploaded, its blocks are dated back to January, and the job runs in May.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db, resultRows } from '~db/client.server'
import { auditLog, vibrationBaselines, vibrationBlocks, vibrationDiagnosis, vibrationDiagnosisRuns, vibrationMachines, vibrationRecordings } from '~db/schema'
import { DEFAULT_WINDOW_SIZE } from '~/domain/vibration/diagnosis'
import { windowBlocks } from '~/domain/vibration/retention/partitions'
import { markBaseline } from '~/models/vibration/diagnosis-baselines.server'
import { rediagnose } from '~/models/vibration/diagnosis-dispatch.server'
import { drainDiagnosisQueue, enqueueDiagnosis } from '~/models/vibration/diagnosis-queue.server'
import { windowView } from '~/models/vibration/diagnosis-recording.server'
import { ensureWeekPartitions, rawPartitions, recentRetentionRuns, runRetention } from '~/models/vibration/retention.server'
import { countSamples, listSamples } from '~/models/vibration/samples.server'
import { generateSensorHistory, oneChannelCsv } from '../fixtures/vibration/generator'
import { auditCount, resetVibration, signedIn, uploadFiles } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
  // The samples are gone (truncated): so are the weeks other runs made; this week's and the next are made again.
  for (const p of await rawPartitions()) await db.execute(sql.raw(`drop table "${p.name}"`))
  await ensureWeekPartitions(new Date())
})

const ADMIN = { id: null, username: 'retention-test' }

async function partitionOf(where: string): Promise<string[]> {
  return resultRows<{ t: string }>(await db.execute(sql.raw(`select distinct tableoid::regclass::text as t from vibration_blocks where ${where} order by 1`))).map((r) => r.t)
}

/** A machine's sensor history through the upload form: healthy ×3 (its provisional baseline), unbalance ×2, healthy ×1. */
async function history(machine: string) {
  const { cookie } = await signedIn('planner')
  const h = generateSensorHistory({
    machineSeed: 21,
    phases: [
      { cls: 'normal', recordings: 3 },
      { cls: 'unbalance', recordings: 2 },
      { cls: 'normal', recordings: 1 },
    ],
    seconds: 12,
  })
  for (const [i, rec] of h.recordings.entries()) {
    const at = new Date(Date.UTC(2025, 11, 1) + rec.offsetSeconds * 1000).toISOString().slice(0, 19)
    const res = await uploadFiles(cookie, [{ name: `${machine}-${i}.csv`, content: oneChannelCsv(rec) }], { machine, sensor: '1', recordedAt: at })
    expect(res.status).toBe(302)
  }
  await drainDiagnosisQueue()
  const [m] = await db.select().from(vibrationMachines).where(eq(vibrationMachines.name, machine))
  const recordings = await db.select().from(vibrationRecordings).where(eq(vibrationRecordings.machineId, m.id)).orderBy(asc(vibrationRecordings.collectedAt))
  return { machine: m, recordings }
}

/** The (recording, block) pairs the job must keep: behind a fault window or a window of the sensor's baseline. */
async function blocksToKeep(machineId: string, blockSizes: Map<string, number>) {
  const [baseline] = await db.select().from(vibrationBaselines).where(eq(vibrationBaselines.machineId, machineId))
  const windows = await db.select().from(vibrationDiagnosis).where(eq(vibrationDiagnosis.machineId, machineId))
  const keep = new Set<string>()
  for (const w of windows) {
    const inBaseline =
      baseline &&
      (baseline.recordingIds.includes(w.recordingId) || baseline.recordingId === w.recordingId) &&
      (!baseline.rangeFrom || w.windowStart >= baseline.rangeFrom) &&
      (!baseline.rangeTo || w.windowEnd <= baseline.rangeTo)
    if (!inBaseline && !(w.faultType !== null && w.faultType > 0)) continue
    const { first, last } = windowBlocks(w.windowIndex, DEFAULT_WINDOW_SIZE, blockSizes.get(w.recordingId)!)
    for (let b = first; b <= last; b++) keep.add(`${w.recordingId}/${b}`)
  }
  return { keep, baseline, windows }
}

describe('raw-sample retention', () => {
  test('due weeks are dropped whole; fault windows and baselines keep their samples; diagnoses stay; the run is shown and audited', async () => {
    const { machine, recordings } = await history('ret-a')
    const blockSizes = new Map(recordings.map((r) => [r.id, r.blockSize]))
    // Like a day of a stream, an unbalance recording whose first block's windows were judged healthy: it loses that block.
    const perBlock = Math.max(1, recordings[3].blockSize / DEFAULT_WINDOW_SIZE)
    await db.execute(sql`update vibration_diagnosis set fault_type = 0 where recording_id = ${recordings[3].id} and window_index < ${perBlock}`)
    const { keep, baseline, windows } = await blocksToKeep(machine.id, blockSizes)
    expect(baseline?.source).toBe('provisional')
    const faults = windows.filter((w) => w.faultType !== null && w.faultType > 0)
    expect(faults.length).toBeGreaterThan(10)
    const [{ n: blocksBefore }] = await db.select({ n: count() }).from(vibrationBlocks)

    // Stored in the week of 5 January 2026 (its partition made as the job would have then).
    expect(await ensureWeekPartitions(new Date('2026-01-07T09:00:00Z'))).toBe(5)
    await db.execute(sql`update vibration_blocks set stored_on = '2026-01-07'`)
    expect(await partitionOf('true')).toEqual(['vibration_blocks_raw_w20260105'])

    // 1 May, 90 days: the cutoff is 31 January; the weeks of 5, 12 and 19 January are due, that of 26 January is not.
    const run = await runRetention({ now: new Date('2026-05-01T03:00:00Z'), days: 90, trigger: 'schedule' })
    expect(run).toMatchObject({ status: 'done', cutoff: '2026-01-31', retentionDays: 90, partitionsDropped: 3, error: null })
    const names = (await rawPartitions()).map((p) => p.name)
    expect(names).not.toContain('vibration_blocks_raw_w20260105')
    expect(names).toContain('vibration_blocks_raw_w20260126')
    expect(names).toContain('vibration_blocks_raw_w20260427') // this week's, made ahead

    // What is left: exactly the blocks behind fault and baseline windows (both channels: time and value), all kept.
    const left = await db.select({ recordingId: vibrationBlocks.recordingId, blockNo: vibrationBlocks.blockNo, kept: vibrationBlocks.kept }).from(vibrationBlocks)
    expect(left.every((b) => b.kept)).toBe(true)
    expect(new Set(left.map((b) => `${b.recordingId}/${b.blockNo}`))).toEqual(keep)
    expect(left).toHaveLength(keep.size * 2)
    expect(await partitionOf('true')).toEqual(['vibration_blocks_kept'])
    expect(run.blocksKept).toBe(keep.size * 2)
    expect(run.blocksRemoved).toBe(blocksBefore - keep.size * 2)

    // Every recording that lost samples says so; the diagnoses are untouched.
    const after = await db.select().from(vibrationRecordings).where(eq(vibrationRecordings.machineId, machine.id)).orderBy(asc(vibrationRecordings.collectedAt))
    const lost = new Set(after.filter((r) => r.samplesExpiredAt !== null).map((r) => r.id))
    expect(run.recordingsExpired).toBe(lost.size)
    expect(lost.has(after[5].id)).toBe(true) // healthy, after the baseline closed: nothing of it is kept
    expect(lost.has(after[3].id)).toBe(true)
    expect(lost.has(after[0].id)).toBe(false) // wholly the baseline's
    const [{ n: windowsAfter }] = await db.select({ n: count() }).from(vibrationDiagnosis).where(eq(vibrationDiagnosis.machineId, machine.id))
    expect(windowsAfter).toBe(windows.length)

    // A fault window still has its waveform and spectrum; a healthy window of the last recording has its features only.
    const fault = faults.find((w) => w.recordingId === after[3].id && w.windowIndex >= perBlock)!
    const view = await windowView(fault.recordingId, 'value', fault.windowIndex, fault.features.shaftHz ?? null)
    expect(view).toMatchObject({ index: fault.windowIndex })
    expect(view!.spectrum.length).toBeGreaterThan(100)
    expect(await windowView(after[5].id, 'value', 0, null)).toBeNull()
    expect(await windowView(after[3].id, 'value', 0, null)).toBeNull()

    // Nothing to judge again: a re-diagnosis skips these recordings (the ones kept whole are judged again); a queued run
    // of one fails saying why.
    expect(await rediagnose(ADMIN, { machineId: machine.id })).toEqual({ done: after.length - lost.size, queued: 0 })
    await enqueueDiagnosis([after[5].id], { trigger: 'rediagnose', actor: ADMIN })
    await drainDiagnosisQueue()
    const [failed] = await db.select().from(vibrationDiagnosisRuns).where(eq(vibrationDiagnosisRuns.recordingId, after[5].id)).orderBy(sql`${vibrationDiagnosisRuns.createdAt} desc`).limit(1)
    expect(failed).toMatchObject({ status: 'failed', error: 'vibration.diagnosis.error.expired' })
    const [{ n: windowsLater }] = await db.select({ n: count() }).from(vibrationDiagnosis).where(eq(vibrationDiagnosis.machineId, machine.id))
    expect(windowsLater).toBe(windows.length)
    expect(await markBaseline(ADMIN, after[5].id, 'value')).toEqual({ ok: false, reason: 'unusable', code: 'samples_expired' })

    // The sample table lists only samples still stored.
    expect(await countSamples({ machineId: machine.id })).toMatchObject({ recordings: after.length - lost.size })
    expect((await listSamples({ machineId: after[5].machineId, recordingId: after[5].id }, null, 50)).rows).toEqual([])

    // Shown and audited; a second run finds nothing due and is not audited.
    expect((await recentRetentionRuns(1))[0]).toMatchObject({ id: run.id, partitionsDropped: 3 })
    expect(await auditCount('vibration.retention.run')).toBe(1)
    const [row] = await db.select().from(auditLog).where(eq(auditLog.action, 'vibration.retention.run'))
    expect(row).toMatchObject({ username: 'retention', entityId: run.id })
    const again = await runRetention({ now: new Date('2026-05-01T09:00:00Z'), days: 90, trigger: 'schedule' })
    expect(again).toMatchObject({ status: 'done', partitionsDropped: 0, blocksRemoved: 0 })
    expect(await auditCount('vibration.retention.run')).toBe(1)
  })

  test('blocks stored while no partition of their week existed: moved into it when it is made, or expired row by row', async () => {
    const { recordings } = await history('ret-b')
    const rec = recordings[5]
    // Two stray weeks in the default partition: long ago, and ten weeks from now.
    await db.execute(sql`update vibration_blocks set stored_on = '2024-03-06' where recording_id = ${rec.id} and block_no = 0`)
    await db.execute(sql`update vibration_blocks set stored_on = '2027-02-17' where recording_id = ${rec.id} and block_no = 1`)
    expect(await partitionOf(`recording_id = '${rec.id}' and block_no in (0, 1)`)).toEqual(['vibration_blocks_raw_default'])
    // The week of 15 February 2027 gets its partition, and its stray block moves in.
    await ensureWeekPartitions(new Date('2027-02-16T00:00:00Z'))
    expect(await partitionOf(`recording_id = '${rec.id}' and block_no = 1`)).toEqual(['vibration_blocks_raw_w20270215'])
    // The 2024 one is past any retention: deleted (it is a healthy window after the baseline closed: nothing to keep).
    const run = await runRetention({ now: new Date('2026-12-07T00:00:00Z'), days: 90, trigger: 'manual', actor: ADMIN })
    expect(run).toMatchObject({ status: 'done', blocksRemoved: 2, recordingsExpired: 1, requestedByName: 'retention-test' })
    const [{ n }] = await db.select({ n: count() }).from(vibrationBlocks).where(and(eq(vibrationBlocks.recordingId, rec.id), eq(vibrationBlocks.blockNo, 0)))
    expect(n).toBe(0)
    // A person's run is audited even when it removes little.
    expect(await auditCount('vibration.retention.run')).toBe(1)
  })

  test('retention 0 keeps everything (the coming weeks still get partitions)', async () => {
    const { recordings } = await history('ret-c')
    await ensureWeekPartitions(new Date('2026-01-07T09:00:00Z'))
    await db.execute(sql`update vibration_blocks set stored_on = '2026-01-07'`)
    const [{ n: before }] = await db.select({ n: count() }).from(vibrationBlocks)
    const run = await runRetention({ now: new Date('2026-12-01T00:00:00Z'), days: 0, trigger: 'schedule' })
    expect(run).toMatchObject({ status: 'done', partitionsDropped: 0, blocksRemoved: 0 })
    const [{ n: after }] = await db.select({ n: count() }).from(vibrationBlocks)
    expect(after).toBe(before)
    expect((await db.select().from(vibrationRecordings).where(eq(vibrationRecordings.id, recordings[0].id)))[0].samplesExpiredAt).toBeNull()
  })
})
