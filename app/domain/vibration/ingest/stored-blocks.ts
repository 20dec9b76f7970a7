/**
 * Stored block rows ↔ samples: a block's `data` is its Float64Array's bytes in the platform's byte order (little-endian;
 * the import refuses to run on a big-endian platform), one row per channel and block, channel 0 holding the times.
 */
import { unpackBlocks, type StoredBlock } from './blocks'

/** The bytes of a Float64Array (a view, not a copy). */
export const floatsToBytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/** Float64Array from stored bytes (copied, so alignment never matters). */
export function bytesToFloats(bytes: Uint8Array): Float64Array {
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float64Array(copy.buffer)
}

/** One stored block row as read back: `channel` 0 is the time column, 1… the recording's channels in order. */
export interface StoredBlockRow {
  channel: number
  blockNo: number
  data: Uint8Array
}

/**
 * Samples [from, to) of a recording from its block rows: the times first, then one array per channel (1…channelCount).
 * Rows of other channels are ignored.
 */
export function unpackChannels(rows: StoredBlockRow[], channelCount: number, blockSize: number, from: number, to: number): Float64Array[] {
  const byChannel: { blockNo: number; values: Float64Array }[][] = Array.from({ length: channelCount + 1 }, () => [])
  for (const row of rows) byChannel[row.channel]?.push({ blockNo: row.blockNo, values: bytesToFloats(row.data) })
  const times = byChannel[0]
  const timeOf = new Map(times.map((b) => [b.blockNo, b.values]))
  const out: Float64Array[] = [unpackBlocks(times.map((b) => ({ firstIndex: b.blockNo * blockSize, times: b.values, values: b.values })), from, to).values]
  for (let c = 1; c <= channelCount; c++) {
    const blocks: StoredBlock[] = byChannel[c].map((b) => ({ firstIndex: b.blockNo * blockSize, times: timeOf.get(b.blockNo) ?? b.values, values: b.values }))
    out.push(unpackBlocks(blocks, from, to).values)
  }
  return out
}
