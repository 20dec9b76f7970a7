import { describe, expect, it } from 'vitest'
import { BlockPacker } from './blocks'
import { bytesToFloats, floatsToBytes, unpackChannels, type StoredBlockRow } from './stored-blocks'

describe('float bytes', () => {
  it('round-trips a Float64Array through its bytes', () => {
    const values = new Float64Array([0, -1.5, Math.PI, 1e-300, Number.MAX_VALUE])
    const bytes = floatsToBytes(values)
    expect(bytes.byteLength).toBe(40)
    expect(bytesToFloats(bytes)).toEqual(values)
  })

  it('reads bytes that do not start on an 8-byte boundary (copied, not viewed)', () => {
    const padded = new Uint8Array(8 * 2 + 3)
    padded.set(floatsToBytes(new Float64Array([2.5, -7])), 3)
    const floats = bytesToFloats(padded.subarray(3))
    expect([...floats]).toEqual([2.5, -7])
    padded.fill(0)
    expect([...floats]).toEqual([2.5, -7])
  })

  it('views the array without copying it', () => {
    const values = new Float64Array(4)
    const bytes = floatsToBytes(values.subarray(1, 3))
    expect(bytes.byteOffset).toBe(8)
    expect(bytes.byteLength).toBe(16)
    expect(bytes.buffer).toBe(values.buffer)
  })
})

/** Block rows as the import stores them: channel 0 the times, then each channel's values. */
function storedRows(samples: number, blockSize: number): StoredBlockRow[] {
  const packer = new BlockPacker({ channels: ['normal', 'type1'], blockSize })
  const rows: StoredBlockRow[] = []
  const store = (blocks: ReturnType<BlockPacker['flush']>) => {
    if (blocks.length === 0) return
    rows.push({ channel: 0, blockNo: blocks[0].blockNo, data: floatsToBytes(blocks[0].times) })
    blocks.forEach((b, i) => rows.push({ channel: i + 1, blockNo: b.blockNo, data: floatsToBytes(b.values) }))
  }
  for (let i = 0; i < samples; i++) store(packer.push(i / 100, [i, -i]))
  store(packer.flush())
  return rows
}

describe('unpackChannels', () => {
  it('returns the times and each channel for a range that spans blocks', () => {
    const [times, normal, type1] = unpackChannels(storedRows(10, 4), 2, 4, 3, 9)
    expect([...times]).toEqual([0.03, 0.04, 0.05, 0.06, 0.07, 0.08])
    expect([...normal]).toEqual([3, 4, 5, 6, 7, 8])
    expect([...type1]).toEqual([-3, -4, -5, -6, -7, -8])
  })

  it('reads rows in any order and ignores channels past the count', () => {
    const rows = storedRows(10, 4).reverse()
    rows.push({ channel: 7, blockNo: 0, data: floatsToBytes(new Float64Array(4)) })
    const out = unpackChannels(rows, 2, 4, 0, 10)
    expect(out).toHaveLength(3)
    expect([...out[1]]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('cuts a range past the end at the last sample', () => {
    const [times, normal] = unpackChannels(storedRows(5, 4), 2, 4, 3, 100)
    expect([...times]).toEqual([0.03, 0.04])
    expect([...normal]).toEqual([3, 4])
  })

  it('refuses a range with a missing block', () => {
    const rows = storedRows(12, 4).filter((r) => !(r.channel === 1 && r.blockNo === 1))
    expect(() => unpackChannels(rows, 2, 4, 0, 12)).toThrow(RangeError)
  })
})
