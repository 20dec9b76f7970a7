import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { BodyTooLarge, formDataDisposition, MalformedMultipart, readMultipartForm, type FormPart, type MultipartLimits } from './multipart'

const BOUNDARY = '----formboundaryQ7x'

/** A multipart body like a browser sends it. */
function body(parts: { name: string; filename?: string; type?: string; content: string | Uint8Array }[], boundary = BOUNDARY): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('preamble, ignored\r\n')]
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`))
    chunks.push(Buffer.from(p.content))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

/** A request whose body arrives in the given pieces. */
function request(bytes: Uint8Array, cuts: number[] = [], contentType = `multipart/form-data; boundary=${BOUNDARY}`, failAt?: number): Request {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b)
  const pieces = [0, ...points, bytes.length].slice(1).map((end, i, ends) => bytes.slice(i === 0 ? 0 : ends[i - 1], end))
  let i = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAt !== undefined && i === failAt) return controller.error(new Error('client went away'))
      if (i < pieces.length) controller.enqueue(pieces[i++])
      else controller.close()
    },
  })
  return new Request('http://x/upload', { method: 'POST', headers: { 'Content-Type': contentType }, body: stream, duplex: 'half' } as RequestInit)
}

async function collect(req: Request, read = (p: FormPart) => p.name !== 'skip') {
  const parts: { name: string; filename?: string; contentType?: string; text: string }[] = []
  await readMultipartForm(req, async (part) => {
    const chunks: Uint8Array[] = []
    if (read(part)) for await (const c of part.data) chunks.push(c)
    parts.push({ name: part.name, filename: part.filename, contentType: part.contentType, text: Buffer.concat(chunks).toString('utf8') })
  })
  return parts
}

describe('readMultipartForm', () => {
  const csv = '0,1,2,3,4\r\n0.5,1,2,3,4\n'
  const form = body([
    { name: 'machine', content: '기계 g1' },
    { name: 'recordedAt', content: '' },
    { name: 'files', filename: 'g1_sensor1.csv', type: 'text/csv', content: csv },
    { name: 'files', filename: '진동 b;1.csv', type: 'text/csv', content: `\r\n--${BOUNDARY.slice(0, -1)}Z, x--${BOUNDARY} and \r\n-` },
  ])
  const expected = [
    { name: 'machine', filename: undefined, contentType: undefined, text: '기계 g1' },
    { name: 'recordedAt', filename: undefined, contentType: undefined, text: '' },
    { name: 'files', filename: 'g1_sensor1.csv', contentType: 'text/csv', text: csv },
    { name: 'files', filename: '진동 b;1.csv', contentType: 'text/csv', text: `\r\n--${BOUNDARY.slice(0, -1)}Z, x--${BOUNDARY} and \r\n-` },
  ]

  test('hands out fields and files in order, each byte exactly once, however the body is cut into chunks', async () => {
    expect(await collect(request(form))).toEqual(expected)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: form.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await collect(request(form, cuts))).toEqual(expected)
      }),
      { numRuns: 300 },
    )
    // one byte at a time
    expect(await collect(request(form, Array.from({ length: form.length }, (_, i) => i)))).toEqual(expected)
  })

  test('a part the handler does not read (or reads only partly) is skipped; reading again goes on where it stopped', async () => {
    const skipped = await collect(request(body([{ name: 'skip', content: 'x'.repeat(100_000) }, { name: 'after', content: 'ok' }]), [10, 70_000]))
    expect(skipped).toEqual([
      { name: 'skip', text: '' },
      { name: 'after', text: 'ok' },
    ])
    const texts: string[] = []
    await readMultipartForm(request(body([{ name: 'f', filename: 'a.csv', content: 'abcdef' }]), [150, 152, 154]), async (part) => {
      for await (const c of part.data) {
        texts.push(Buffer.from(c).toString())
        break
      }
      for await (const c of part.data) texts.push(Buffer.from(c).toString())
    })
    expect(texts.join('')).toBe('abcdef')
  })

  test('a body that is not multipart/form-data is refused with MalformedMultipart, and a cut-short file fails in its own reading first', async () => {
    await expect(collect(request(form, [], 'multipart/form-data'))).rejects.toThrow(MalformedMultipart)
    await expect(collect(request(Buffer.from(`--${BOUNDARY}\r\nContent-Type: text/csv\r\n\r\n1,2\r\n--${BOUNDARY}--\r\n`)))).rejects.toThrow(/malformed multipart-form data/)
    await expect(collect(request(Buffer.from('no boundary at all')))).rejects.toThrow(MalformedMultipart)
    const truncated = form.slice(0, form.length - 60)
    const seen: unknown[] = []
    await expect(
      readMultipartForm(request(truncated), async (part) => {
        try {
          for await (const _ of part.data) void _
        } catch (e) {
          seen.push(e)
        }
      }),
    ).rejects.toThrow(MalformedMultipart)
    expect(seen).toHaveLength(1)
  })

  test('a client that goes away fails the part being read, then the whole read with the same error', async () => {
    const big = body([{ name: 'files', filename: 'a.csv', content: 'x'.repeat(50_000) }])
    const seen: unknown[] = []
    await expect(
      readMultipartForm(request(big, [1000, 2000, 3000], undefined, 2), async (part) => {
        try {
          for await (const _ of part.data) void _
        } catch (e) {
          seen.push(e)
        }
      }),
    ).rejects.toThrow('client went away')
    expect(String(seen[0])).toMatch(/client went away/)
  })

  test('a handler error ends the reading and is passed on', async () => {
    await expect(
      readMultipartForm(request(form), async (part) => {
        if (part.filename) throw new Error('413')
      }),
    ).rejects.toThrow('413')
  })
})

describe('formDataDisposition', () => {
  test('reads name and filename, quoted or not, with ; and \\" inside quotes; filename* wins', () => {
    expect(Object.fromEntries(formDataDisposition('form-data; name="files"; filename="a;b \\"c\\".csv"')!)).toEqual({ name: 'files', filename: 'a;b "c".csv' })
    expect(Object.fromEntries(formDataDisposition('Form-Data; name=x')!)).toEqual({ name: 'x' })
    expect(formDataDisposition("form-data; name=\"f\"; filename=\"a.csv\"; filename*=UTF-8''%EC%A7%84%EB%8F%99.csv")!.get('filename')).toBe('진동.csv')
    expect(formDataDisposition('attachment; name="x"')).toBeNull()
    expect(formDataDisposition('')).toBeNull()
  })
})

describe('limits per request', () => {
  const parts = [
    { name: 'a', content: 'x'.repeat(3000) },
    { name: 'f', filename: 'f.csv', content: 'y'.repeat(3000) },
  ]
  const bytes = body(parts)

  test('a body within maxBytes is read whole, however it is cut', async () => {
    const read = await collect(request(bytes, [1, 700, 4000]))
    expect(read.map((p) => p.text.length)).toEqual([3000, 3000])
    let got = 0
    await readMultipartForm(request(bytes, [100, 5000]), async (p) => {
      for await (const c of p.data) got += c.byteLength
    }, { maxBytes: bytes.length })
    expect(got).toBe(6000)
  })

  test('past maxBytes the reading stops with the caller’s error (or BodyTooLarge), counted over every part', async () => {
    const readAll = (limits: MultipartLimits) =>
      readMultipartForm(request(bytes, [500, 2500, 4500]), async (p) => {
        for await (const _ of p.data) void _
      }, limits)
    await expect(readAll({ maxBytes: 4000 })).rejects.toBeInstanceOf(BodyTooLarge)
    class Mine extends Error {}
    await expect(readAll({ maxBytes: 5000, tooLarge: () => new Mine() })).rejects.toBeInstanceOf(Mine)
  })
})
