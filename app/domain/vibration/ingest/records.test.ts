import { describe, expect, it } from 'vitest'
import { lastRecordEnd } from './records'

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
