/**
 * Packing a recording's samples into fixed-size blocks for storage as arrays (one DB row per channel and block
 * instead of one row per sample), and reading a range of sample indexes back.
 *
 * Block `blockNo` of a channel holds the samples with indexes [blockNo × blockSize, (blockNo + 1) × blockSize); only
 * the last block of a recording may be shorter. Each block carries the time column too, so any block can be read on
 * its own.
 */

/** Default samples per block. */
export const DEFAULT_BLOCK_SIZE = 4096

/** One channel's block, as emitted by `BlockPacker`. */
export interface PackedBlock<C extends string = string> {
  channel: C
  blockNo: number
  /** Sample index of the first sample (= blockNo × blockSize). */
  firstIndex: number
  /**
   * Times of the block's samples. All channels of the same block share this one array instance (it is never reused
   * by the packer afterwards); treat it as read-only.
   */
  times: Float64Array
  values: Float64Array
}

/** Options of `BlockPacker`. */
export interface BlockPackerOptions<C extends string> {
  /** Channel names, in the order of the `values` passed to `push`. */
  channels: readonly C[]
  /** Samples per block (positive integer, default 4096). */
  blockSize?: number
}

const NO_BLOCKS: never[] = []

/**
 * Streaming packer for ONE recording: `push` each accepted row (time + one value per channel) in sample-index order;
 * whenever a block fills up, `push` returns it for every channel (otherwise an empty list). `flush` returns the last,
 * partial blocks (none when the sample count is a multiple of the block size) and closes the packer. The empty list
 * that `push` returns while a block is filling is shared: do not add to it.
 */
export class BlockPacker<C extends string = string> {
  readonly blockSize: number
  readonly channels: readonly C[]
  private times: Float64Array
  private values: Float64Array[]
  private fill = 0
  private blockNo = 0
  private closed = false

  constructor(options: BlockPackerOptions<C>) {
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE
    if (!Number.isSafeInteger(this.blockSize) || this.blockSize < 1) throw new RangeError('blockSize must be a positive integer')
    if (options.channels.length === 0) throw new RangeError('at least one channel is required')
    if (new Set(options.channels).size !== options.channels.length) throw new RangeError('duplicate channel')
    this.channels = [...options.channels]
    this.times = new Float64Array(this.blockSize)
    this.values = this.channels.map(() => new Float64Array(this.blockSize))
  }

  /** Samples pushed so far. */
  get sampleCount(): number {
    return this.blockNo * this.blockSize + this.fill
  }

  /** Adds one sample (time + one finite value per channel). Returns the blocks completed by this sample. */
  push(time: number, values: ArrayLike<number>): PackedBlock<C>[] {
    if (values.length !== this.channels.length) throw new RangeError('values must have one entry per channel')
    return this.add(time, values, 0)
  }

  /** `push` for a sample laid out as [time, value 1, value 2, …] (the import loop's reused row buffer). */
  pushSample(sample: ArrayLike<number>): PackedBlock<C>[] {
    if (sample.length !== this.channels.length + 1) throw new RangeError('sample must be the time and one value per channel')
    return this.add(sample[0], sample, 1)
  }

  private add(time: number, values: ArrayLike<number>, offset: number): PackedBlock<C>[] {
    if (this.closed) throw new Error('BlockPacker: push after flush')
    const channels = this.values.length
    if (!Number.isFinite(time)) throw new RangeError('time must be finite')
    for (let c = 0; c < channels; c++) {
      if (!Number.isFinite(values[offset + c])) throw new RangeError('values must be finite')
    }
    const at = this.fill
    this.times[at] = time
    for (let c = 0; c < channels; c++) this.values[c][at] = values[offset + c]
    this.fill = at + 1
    if (this.fill < this.blockSize) return NO_BLOCKS
    const blocks = this.emit(this.times, this.values)
    this.times = new Float64Array(this.blockSize)
    this.values = this.channels.map(() => new Float64Array(this.blockSize))
    return blocks
  }

  /** Emits the partial last block (if any) and closes the packer. */
  flush(): PackedBlock<C>[] {
    if (this.closed) return []
    this.closed = true
    if (this.fill === 0) return []
    const n = this.fill
    return this.emit(
      this.times.slice(0, n),
      this.values.map((v) => v.slice(0, n)),
    )
  }

  private emit(times: Float64Array, values: Float64Array[]): PackedBlock<C>[] {
    const blockNo = this.blockNo
    const firstIndex = blockNo * this.blockSize
    this.blockNo++
    this.fill = 0
    return this.channels.map((channel, c) => ({ channel, blockNo, firstIndex, times, values: values[c] }))
  }
}

/** A stored block of one channel (arrays as read back from storage). */
export interface StoredBlock {
  firstIndex: number
  times: ArrayLike<number>
  values: ArrayLike<number>
}

/** Samples of one channel for a range of sample indexes. */
export interface SampleRange {
  /** Index of `times[0]` / `values[0]`. */
  firstIndex: number
  times: Float64Array
  values: Float64Array
}

/** Inclusive block numbers covering sample indexes [fromIndex, toIndex), or null for an empty range. */
export function blockRangeFor(
  fromIndex: number,
  toIndex: number,
  blockSize: number = DEFAULT_BLOCK_SIZE,
): { firstBlockNo: number; lastBlockNo: number } | null {
  checkRange(fromIndex, toIndex)
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) throw new RangeError('blockSize must be a positive integer')
  if (toIndex === fromIndex) return null
  return { firstBlockNo: Math.floor(fromIndex / blockSize), lastBlockNo: Math.floor((toIndex - 1) / blockSize) }
}

function checkRange(fromIndex: number, toIndex: number): void {
  if (!Number.isSafeInteger(fromIndex) || !Number.isSafeInteger(toIndex) || fromIndex < 0 || toIndex < fromIndex) {
    throw new RangeError('expected 0 ≤ fromIndex ≤ toIndex (integers)')
  }
}

/**
 * Reads sample indexes [fromIndex, toIndex) of one channel back from its blocks (any order; blocks outside the range
 * are skipped, so passing all blocks or just the needed ones both work).
 *
 * The result is cut short at the end of the data (a range past the last sample returns what exists, possibly
 * nothing). A hole inside the requested range (a missing block) or overlapping blocks throw `RangeError`: the data
 * would be silently wrong otherwise.
 */
export function unpackBlocks(blocks: Iterable<StoredBlock>, fromIndex: number, toIndex: number): SampleRange {
  checkRange(fromIndex, toIndex)
  const relevant: StoredBlock[] = []
  for (const b of blocks) {
    if (b.times.length !== b.values.length) throw new RangeError('block times and values differ in length')
    if (!Number.isSafeInteger(b.firstIndex) || b.firstIndex < 0) throw new RangeError('bad block firstIndex')
    const end = b.firstIndex + b.values.length
    if (end > fromIndex && b.firstIndex < toIndex && b.values.length > 0) relevant.push(b)
  }
  relevant.sort((a, b) => a.firstIndex - b.firstIndex)

  let end = fromIndex // first index not yet covered
  for (const b of relevant) {
    if (b.firstIndex > end) throw new RangeError(`missing samples ${end}–${b.firstIndex - 1}`)
    if (b.firstIndex < end && end > fromIndex) throw new RangeError('overlapping blocks')
    end = Math.min(toIndex, b.firstIndex + b.values.length)
  }

  const n = end - fromIndex
  const times = new Float64Array(n)
  const values = new Float64Array(n)
  for (const b of relevant) {
    const from = Math.max(fromIndex, b.firstIndex)
    const to = Math.min(end, b.firstIndex + b.values.length)
    for (let i = from; i < to; i++) {
      times[i - fromIndex] = b.times[i - b.firstIndex]
      values[i - fromIndex] = b.values[i - b.firstIndex]
    }
  }
  return { firstIndex: fromIndex, times, values }
}
