/**
 * Reading a recording's samples back from its stored blocks (app/domain/vibration/ingest/stored-blocks.ts): a range of
 * sample indexes for the sample browser, or a whole recording as Float64Arrays for the diagnosis.
 */
import { and, eq, gte, lte } from 'drizzle-orm'
import { db } from '~db/client.server'
import { vibrationBlocks, vibrationMachines, vibrationRecordings, type IsoFoundation, type IsoGroup, type SignalUnit } from '~db/schema'
import { blockRangeFor, unpackChannels, type ChannelKey } from '~/domain/vibration/ingest'
import { isUuid } from '~/utils/ids'

/** Samples [from, to) of a recording, all channels (time first). */
export async function readRange(rec: { id: string; channels: string[]; blockSize: number }, from: number, to: number): Promise<Float64Array[]> {
  const range = blockRangeFor(from, to, rec.blockSize)
  if (!range) return rec.channels.map(() => new Float64Array(0)).concat([new Float64Array(0)])
  const rows = await db
    .select({ channel: vibrationBlocks.channel, blockNo: vibrationBlocks.blockNo, data: vibrationBlocks.data })
    .from(vibrationBlocks)
    .where(and(eq(vibrationBlocks.recordingId, rec.id), gte(vibrationBlocks.blockNo, range.firstBlockNo), lte(vibrationBlocks.blockNo, range.lastBlockNo)))
  return unpackChannels(rows, rec.channels.length, rec.blockSize, from, to)
}

export interface RecordingChannels {
  recordingId: string
  machine: { id: string; name: string; nominalRpm: number | null; signalUnit: SignalUnit; isoGroup: IsoGroup | null; isoFoundation: IsoFoundation | null; baselineSeconds: number }
  sensorNo: string
  collectedAt: Date
  sampleCount: number
  /** Set: the retention job deleted raw samples (time and channels are then empty; `readRange(stored, …)` reads what was kept). */
  samplesExpiredAt: Date | null
  /** How it is stored (what `readRange` takes). */
  stored: { id: string; channels: string[]; blockSize: number }
  time: Float64Array
  channels: Partial<Record<ChannelKey, Float64Array>>
}

/** A whole recording as Float64Arrays (time + each stored channel), or null when unknown. */
export async function readRecordingChannels(recordingId: string): Promise<RecordingChannels | null> {
  if (!isUuid(recordingId)) return null
  const [rec] = await db
    .select({ rec: vibrationRecordings, machine: vibrationMachines })
    .from(vibrationRecordings)
    .innerJoin(vibrationMachines, eq(vibrationMachines.id, vibrationRecordings.machineId))
    .where(eq(vibrationRecordings.id, recordingId))
  if (!rec) return null
  const r = rec.rec
  const stored = { id: r.id, channels: r.channels, blockSize: r.blockSize }
  const [time, ...values] = r.samplesExpiredAt ? [new Float64Array(0)] : await readRange(stored, 0, r.sampleCount)
  const channels: Partial<Record<ChannelKey, Float64Array>> = {}
  if (!r.samplesExpiredAt) r.channels.forEach((ch, i) => (channels[ch as ChannelKey] = values[i]))
  const m = rec.machine
  return {
    recordingId: r.id,
    machine: { id: m.id, name: m.name, nominalRpm: m.nominalRpm, signalUnit: m.signalUnit, isoGroup: m.isoGroup, isoFoundation: m.isoFoundation, baselineSeconds: m.baselineSeconds },
    sensorNo: r.sensorNo,
    collectedAt: r.collectedAt,
    sampleCount: r.sampleCount,
    samplesExpiredAt: r.samplesExpiredAt,
    stored,
    time,
    channels,
  }
}
