import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { echoCell, lastRecordEnd, MAX_RECORD_BYTES, RecordCutter } from './records'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('lastRecordEnd', () => {
  it('is the last line end of unquoted text', () => {
    expect(lastRecordEnd(bytes('a,b\n1,2\n3,'))).toBe(7)
    expect(lastRecordEnd(bytes('a,b\r\n1,2\r\n'))).toBe(9)
  })

  it('is -1 when no record is complete', () => {
    expect(lastRecordEnd(bytes('a,b,c'))).toBe(-1)
    expect(lastRecordEnd(bytes(''))).toBe(-1)
    expect(lastRecordEnd(bytes('"a\nb'))).toBe(-1)
  })

  it('skips line ends inside double quotes', () => {
    expect(lastRecordEnd(bytes('x\n"multi\nline",1\n"open\n'))).toBe(16)
    expect(lastRecordEnd(bytes('a,"say ""hi""\n",b\nc'))).toBe(17)
  })

  it('gives the same answer for a Buffer as for its bytes', () => {
    const text = 'h1,h2\n"q\n",1\n2,3'
    expect(lastRecordEnd(Buffer.from(text))).toBe(lastRecordEnd(bytes(text)))
  })
})

describe('RecordCutter: the quote state carries across chunks', () => {
  it('finds the same record ends however the stream is cut', () => {
    const cell = fc.constantFrom('a', '1', '"', '""', '\n', ',', '"x\ny"', 'é')
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 6 }), (cells, cuts) => {
        const all = bytes(cells.join(''))
        const points = [...new Set(cuts.map((c) => Math.min(c, all.length)))].sort((a, b) => a - b)
        const cutter = new RecordCutter()
        let last = -1
        let from = 0
        for (const to of [...points, all.length]) {
          const end = cutter.scan(all.subarray(from, to))
          if (end >= 0) last = from + end
          from = to
        }
        expect(last).toBe(lastRecordEnd(all))
        expect(cutter.openBytes).toBe(all.length - last - 1)
      }),
    )
  })

  it('reports a record longer than the limit, also when it spans chunks', () => {
    const cutter = new RecordCutter()
    cutter.scan(bytes('a,b\n"open'))
    expect(cutter.tooLong).toBe(false)
    const block = new Uint8Array(MAX_RECORD_BYTES / 2).fill(0x61)
    cutter.scan(block)
    expect(cutter.tooLong).toBe(false)
    cutter.scan(block)
    expect(cutter.tooLong).toBe(true)
    // A newline inside the open quote does not end the record.
    cutter.scan(bytes('\n'))
    expect(cutter.tooLong).toBe(true)
  })
})

describe('echoCell', () => {
  it('keeps short cells and cuts long ones to the limit with an ellipsis', () => {
    expect(echoCell('Type 9')).toBe('Type 9')
    const cut = echoCell('x'.repeat(10_000))
    expect(cut).toHaveLength(80)
    expect(cut.endsWith('…')).toBe(true)
  })
})
