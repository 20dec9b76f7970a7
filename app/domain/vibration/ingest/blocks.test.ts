import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BlockPacker, blockRangeFor, unpackBlocks, type PackedBlock, type StoredBlock } from './blocks'

const CHANNELS = ['normal', 'type1', 'type2', 'type3'] as const

/** Packs n synthetic samples: time i/1000, channel c value i*10 + c. */
function packSamples(n: number, blockSize?: number): PackedBlock<(typeof CHANNELS)[number]>[] {
  const packer = new BlockPacker({ channels: CHANNELS, blockSize })
  const out: PackedBlock<(typeof CHANNELS)[number]>[] = []
  for (let i = 0; i < n; i++) out.push(...packer.push(i / 1000, [i * 10, i * 10 + 1, i * 10 + 2, i * 10 + 3]))
  out.push(...packer.flush())
  return out
}

function channel(blocks: PackedBlock[], name: string): PackedBlock[] {
  return blocks.filter((b) => b.channel === name)
}

describe('BlockPacker', () => {
  it('emits one block per channel when a block fills up', () => {
    const packer = new BlockPacker({ channels: CHANNELS, blockSize: 3 })
    expect(packer.push(0, [1, 2, 3, 4])).toEqual([])
    expect(packer.push(1, [5, 6, 7, 8])).toEqual([])
    const blocks = packer.push(2, [9, 10, 11, 12])
    expect(blocks.map((b) => b.channel)).toEqual(['normal', 'type1', 'type2', 'type3'])
    expect(blocks[0]).toEqual({
      channel: 'normal',
      blockNo: 0,
      firstIndex: 0,
      times: new Float64Array([0, 1, 2]),
      values: new Float64Array([1, 5, 9]),
    })
    expect(Array.from(blocks[3].values)).toEqual([4, 8, 12])
    expect(packer.sampleCount).toBe(3)
  })

  it('numbers blocks and flushes a short last block', () => {
    const blocks = packSamples(7, 3)
    const normal = channel(blocks, 'normal')
    expect(normal.map((b) => [b.blockNo, b.firstIndex, b.values.length])).toEqual([
      [0, 0, 3],
      [1, 3, 3],
      [2, 6, 1],
    ])
    expect(Array.from(normal[2].times)).toEqual([0.006])
  })

  it('emits nothing on flush when the count is a multiple of the block size', () => {
    const packer = new BlockPacker({ channels: ['value'], blockSize: 2 })
    packer.push(0, [1])
    expect(packer.push(1, [2])).toHaveLength(1)
    expect(packer.flush()).toEqual([])
  })

  it('defaults to 4096 samples per block', () => {
    const blocks = packSamples(4097)
    expect(channel(blocks, 'type1').map((b) => b.values.length)).toEqual([4096, 1])
  })

  it('does not reuse emitted arrays for later samples', () => {
    const packer = new BlockPacker({ channels: ['value'], blockSize: 1 })
    const [first] = packer.push(0, [42])
    packer.push(1, [43])
    expect(first.values[0]).toBe(42)
    expect(first.times[0]).toBe(0)
  })

  it('rejects wrong input', () => {
    const packer = new BlockPacker({ channels: ['a', 'b'], blockSize: 4 })
    expect(() => packer.push(0, [1])).toThrow(RangeError)
    expect(() => packer.push(0, [1, Number.NaN])).toThrow(RangeError)
    expect(() => packer.push(Number.POSITIVE_INFINITY, [1, 2])).toThrow(RangeError)
    packer.flush()
    expect(() => packer.push(1, [1, 2])).toThrow()
    expect(() => new BlockPacker({ channels: [], blockSize: 4 })).toThrow(RangeError)
    expect(() => new BlockPacker({ channels: ['a', 'a'] })).toThrow(RangeError)
    expect(() => new BlockPacker({ channels: ['a'], blockSize: 0 })).toThrow(RangeError)
  })
})

describe('unpackBlocks', () => {
  const blocks = channel(packSamples(10, 4), 'type2') // blocks [0,4) [4,8) [8,10)

  it('reads a range spanning several blocks', () => {
    const r = unpackBlocks(blocks, 2, 9)
    expect(r.firstIndex).toBe(2)
    expect(Array.from(r.values)).toEqual([22, 32, 42, 52, 62, 72, 82])
    expect(Array.from(r.times)).toEqual([0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008])
  })

  it('accepts blocks in any order and plain arrays from storage', () => {
    const stored: StoredBlock[] = [...blocks].reverse().map((b) => ({
      firstIndex: b.firstIndex,
      times: Array.from(b.times),
      values: Array.from(b.values),
    }))
    expect(Array.from(unpackBlocks(stored, 3, 5).values)).toEqual([32, 42])
  })

  it('cuts the range at the end of the data', () => {
    expect(Array.from(unpackBlocks(blocks, 8, 100).values)).toEqual([82, 92])
    expect(unpackBlocks(blocks, 50, 60).values).toHaveLength(0)
    expect(unpackBlocks(blocks, 3, 3).values).toHaveLength(0)
  })

  it('only needs the blocks of the range', () => {
    const range = blockRangeFor(5, 7, 4)
    expect(range).toEqual({ firstBlockNo: 1, lastBlockNo: 1 })
    const needed = blocks.filter((b) => b.blockNo >= range!.firstBlockNo && b.blockNo <= range!.lastBlockNo)
    expect(Array.from(unpackBlocks(needed, 5, 7).values)).toEqual([52, 62])
  })

  it('refuses to paper over a missing block or overlapping blocks', () => {
    const withHole = blocks.filter((b) => b.blockNo !== 1)
    expect(() => unpackBlocks(withHole, 0, 10)).toThrow(/missing samples 4–7/)
    expect(() => unpackBlocks(blocks.slice(1), 0, 6)).toThrow(RangeError)
    expect(() => unpackBlocks([...blocks, blocks[1]], 0, 10)).toThrow(/overlapping/)
  })

  it('detects a hole of a single sample', () => {
    const stored: StoredBlock[] = [
      { firstIndex: 0, times: [0, 1, 2], values: [0, 1, 2] },
      { firstIndex: 4, times: [4, 5], values: [4, 5] },
    ]
    expect(() => unpackBlocks(stored, 0, 6)).toThrow(/missing samples 3–3/)
    expect(Array.from(unpackBlocks(stored, 4, 6).values)).toEqual([4, 5])
  })

  it('rejects bad ranges and malformed blocks', () => {
    expect(() => unpackBlocks(blocks, 5, 4)).toThrow(RangeError)
    expect(() => unpackBlocks(blocks, -1, 4)).toThrow(RangeError)
    expect(() => unpackBlocks([{ firstIndex: 0, times: [1, 2], values: [1] }], 0, 2)).toThrow(RangeError)
  })
})

describe('blockRangeFor', () => {
  it('maps sample ranges to inclusive block numbers', () => {
    expect(blockRangeFor(0, 4096)).toEqual({ firstBlockNo: 0, lastBlockNo: 0 })
    expect(blockRangeFor(4095, 4097)).toEqual({ firstBlockNo: 0, lastBlockNo: 1 })
    expect(blockRangeFor(10, 10)).toBeNull()
  })
})

describe('properties', () => {
  it('unpacking any range returns exactly the samples that were packed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true })), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(70),
        fc.nat(70),
        (samples, blockSize, a, b) => {
          const packer = new BlockPacker({ channels: ['x', 'y'], blockSize })
          const out: PackedBlock[] = []
          for (const [t, v] of samples) out.push(...packer.push(t, [v, -v]))
          out.push(...packer.flush())
          const from = Math.min(a, b)
          const to = Math.max(a, b)
          const y = unpackBlocks(channel(out, 'y'), from, to)
          const expected = samples.slice(from, to).map(([, v]) => -v)
          expect(Array.from(y.values)).toEqual(expected)
          expect(Array.from(y.times)).toEqual(samples.slice(from, to).map(([t]) => t))
          expect(y.firstIndex).toBe(from)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('every block but the last is full and blocks tile the sample indexes', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.integer({ min: 1, max: 32 }), (n, blockSize) => {
        const blocks = channel(packSamples(n, blockSize), 'normal')
        expect(blocks.reduce((sum, b) => sum + b.values.length, 0)).toBe(n)
        blocks.forEach((b, i) => {
          expect(b.blockNo).toBe(i)
          expect(b.firstIndex).toBe(i * blockSize)
          if (i < blocks.length - 1) expect(b.values.length).toBe(blockSize)
        })
      }),
      { numRuns: 200 },
    )
  })
})
