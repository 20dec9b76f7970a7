import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BlockPacker, unpackBlocks, type PackedBlock } from './blocks'
import { detectDelimiter, detectLayout } from './layout'
import { RowValidator, type PushResult } from './validator'

/**
 * Test stand-in for papaparse: splits raw text into lines (LF or CRLF) and cells, honouring double quotes.
 * Only here so the tests can start from raw file text.
 */
function splitCsv(text: string, delimiter: string): string[][] {
  const lines = text.split(/\r?\n/)
  return lines.map((line) => {
    const cells: string[] = []
    let cell = ''
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cell += '"'
          i++
        } else if (ch === '"') quoted = false
        else cell += ch
      } else if (ch === '"') quoted = true
      else if (ch === delimiter) {
        cells.push(cell)
        cell = ''
      } else cell += ch
    }
    cells.push(cell)
    return cells
  })
}

interface Ingested {
  results: PushResult[]
  validator: RowValidator
  blocks: PackedBlock[]
}

/** Runs a whole file through delimiter detection, layout detection, validation and packing (one recording). */
function ingest(text: string, blockSize = 4): Ingested {
  const firstLine = text.split(/\r?\n/, 1)[0]
  const rows = splitCsv(text, detectDelimiter(firstLine))
  const layout = detectLayout(rows[0])
  if (!layout.ok) throw new Error(`layout: ${layout.code}`)
  const validator = new RowValidator({ layout, timeZone: 'Asia/Seoul' })
  const packer = new BlockPacker({ channels: layout.channels, blockSize })
  const results: PushResult[] = []
  const blocks: PackedBlock[] = []
  rows.forEach((row, i) => {
    if (i === 0 && layout.hasHeader) return
    const r = validator.push(row, i + 1)
    results.push(r)
    if (r.kind === 'row') blocks.push(...packer.push(r.time, r.values))
  })
  blocks.push(...packer.flush())
  return { results, validator, blocks }
}

describe('ingest pipeline from raw text', () => {
  it('reads a headerless KAMP recording with BOM and CRLF line ends', () => {
    const text = '\uFEFF0.0000,0.1,0.2,0.3,0.4\r\n0.0007,1.1,1.2,1.3,1.4\r\n0.0015,2.1,2.2,2.3,2.4\r\n'
    const { results, validator, blocks } = ingest(text)
    expect(results.map((r) => r.kind)).toEqual(['row', 'row', 'row', 'blank'])
    expect(validator.summary()).toMatchObject({ acceptedRows: 3, problemCount: 0, blankRows: 1 })
    const type3 = blocks.filter((b) => b.channel === 'type3')
    expect(Array.from(unpackBlocks(type3, 0, 3).values)).toEqual([0.4, 1.4, 2.4])
  })

  it('reads a semicolon file with a header', () => {
    const text = 'Time;Normal;Type 1;Type 2;Type 3\n0;1;2;3;4\n0.5;5;6;7;8\n'
    const { validator, blocks } = ingest(text)
    expect(validator.summary().acceptedRows).toBe(2)
    expect(Array.from(unpackBlocks(blocks.filter((b) => b.channel === 'type1'), 0, 2).values)).toEqual([2, 6])
  })

  it('rejects decimal commas in a semicolon file with line numbers', () => {
    const text = 'Time;Normal;Type 1;Type 2;Type 3\n0;1;2;3;4\n0,5;5;6;7;8\n'
    const { results } = ingest(text)
    expect(results[1]).toMatchObject({ kind: 'problem', line: 3, column: 1, code: 'not_a_number', text: '0,5' })
  })

  it('reads a table export with quoted fields', () => {
    const text = [
      '"machine_name","sensor_no","collected_at","measured_time","normal","unbalance","looseness","unbalance_looseness"',
      '"press 1","1","2024-05-01 10:00:00","0.0","1","2","3","4"',
      '"press 1","1","2024-05-01 10:00:00","0.1","1","2","3","4"',
      '"press, 2","1","2024-05-01 10:00:00","0.0","1","2","3","4"',
      '"press 1","1","2024-05-01 10:00:00","0.1","1","2","3","4"',
    ].join('\r\n')
    const { results, validator } = ingest(text)
    expect(results.map((r) => (r.kind === 'problem' ? `${r.line}:${r.column}:${r.code}` : r.kind))).toEqual([
      'row',
      'row',
      '4:1:bad_machine',
      '5:4:time_not_increasing',
    ])
    expect(validator.summary().recordings).toEqual([
      expect.objectContaining({ machine: 'press 1', sensor: '1', sampleCount: 2 }),
    ])
  })

  it('reports a short row as wrong_column_count on its line', () => {
    const { results } = ingest('0,1,2,3,4\n1,1,2,3\n2,1,2,3,4')
    expect(results[1]).toMatchObject({ line: 2, code: 'wrong_column_count', found: 4, expected: 5 })
    expect(results[2]).toMatchObject({ kind: 'row', sampleIndex: 1 })
  })

  it('reports NaN and Infinity text as not_finite', () => {
    const { results } = ingest('0,1,2,3,4\n1,NaN,2,3,4\n2,1,2,3,-Infinity')
    expect(results.slice(1)).toEqual([
      expect.objectContaining({ line: 2, column: 2, code: 'not_finite' }),
      expect.objectContaining({ line: 3, column: 5, code: 'not_finite' }),
    ])
  })
})

describe('validator properties', () => {
  it('never throws on arbitrary cells and numbers accepted rows contiguously', () => {
    const layout = detectLayout(['Time', 'Normal', 'Type 1', 'Type 2', 'Type 3'])
    if (!layout.ok) throw new Error('layout')
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.double().map(String), fc.integer().map(String))
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 40 }), (rows) => {
        const v = new RowValidator({ layout })
        let expectedIndex = 0
        let lastTime = Number.NEGATIVE_INFINITY
        rows.forEach((row, i) => {
          const r = v.push(row, i + 1)
          if (r.kind === 'row') {
            expect(r.sampleIndex).toBe(expectedIndex++)
            expect(r.time).toBeGreaterThan(lastTime)
            expect(r.values.every(Number.isFinite)).toBe(true)
            lastTime = r.time
          }
        })
        const s = v.summary()
        expect(s.acceptedRows + s.problemCount + s.blankRows).toBe(rows.length)
      }),
      { numRuns: 300 },
    )
  })
})
