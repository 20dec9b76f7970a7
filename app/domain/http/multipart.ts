/**
 * multipart/form-data read part by part as the bytes arrive (the vibration upload form streams each file into its
 * import; the photo forms collect theirs). Pure: a web `Request` in, parts out; no I/O of its own.
 */

/** The request body is not well-formed multipart/form-data (the message starts like Remix's parser's did). */
export class MalformedMultipart extends Error {
  constructor(reason: string) {
    super(`malformed multipart-form data: ${reason}`)
  }
}

/** The body has more parts than the reader allows (`maxParts`). */
export class TooManyParts extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} parts in one form`)
  }
}

/**
 * Limits for one request, however it is sent (a chunked body declares no length): at most `maxParts` parts, and at most
 * `maxBytes` bytes counted over every part and header as they arrive — past it the reading stops with `tooLarge()`.
 */
export interface MultipartLimits {
  maxParts?: number
  maxBytes?: number
  tooLarge?: () => Error
}

/** The body went past `MultipartLimits.maxBytes` (the default error of `tooLarge`). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes in one form`)
  }
}

/** A byte counter for one request: `add` throws the limit's error once the total passes it. */
function byteCap(limits: MultipartLimits): (bytes: number) => void {
  const { maxBytes } = limits
  if (maxBytes === undefined) return () => {}
  const tooLarge = limits.tooLarge ?? (() => new BodyTooLarge(maxBytes))
  let received = 0
  return (bytes) => {
    received += bytes
    if (received > maxBytes) throw tooLarge()
  }
}

/** One part of a multipart form: a field (no `filename`) or a file. */
export interface FormPart {
  name: string
  filename?: string
  contentType?: string
  /** The part's bytes. Iterating again goes on where the last iteration stopped (as Remix's parts did). */
  data: AsyncIterable<Uint8Array>
}

const MAX_PART_HEADER_BYTES = 16 * 1024
const CRLFCRLF = Buffer.from('\r\n\r\n')

/** `boundary` of a multipart/form-data Content-Type, or null. */
function multipartBoundary(contentType: string | null): string | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '')
  const boundary = m ? (m[1] ?? m[2]) : null
  return boundary && boundary.length <= 200 ? boundary : null
}

/**
 * The parameters of a `Content-Disposition: form-data; name="…"; filename="…"` header (keys lower-cased; a quoted value
 * may contain `;` and `\"`; `filename*=UTF-8''…` wins over `filename`), or null when it is not form-data.
 */
export function formDataDisposition(value: string): Map<string, string> | null {
  const semi = value.indexOf(';')
  if ((semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() !== 'form-data') return null
  const params = new Map<string, string>()
  let i = semi < 0 ? value.length : semi + 1
  while (i < value.length) {
    const eq = value.indexOf('=', i)
    if (eq < 0) break
    const key = value.slice(i, eq).trim().toLowerCase()
    let j = eq + 1
    while (value[j] === ' ' || value[j] === '\t') j++
    let v = ''
    if (value[j] === '"') {
      for (j++; j < value.length && value[j] !== '"'; j++) {
        if (value[j] === '\\' && value[j + 1] === '"') j++
        v += value[j]
      }
    } else {
      const next = value.indexOf(';', j)
      v = value.slice(j, next < 0 ? value.length : next).trim()
    }
    const next = value.indexOf(';', j)
    i = next < 0 ? value.length : next + 1
    if (key) params.set(key, v)
  }
  const extended = params.get('filename*')
  if (extended !== undefined) {
    const m = /^([^']*)'[^']*'(.*)$/.exec(extended)
    try {
      if (m && /^utf-8$/i.test(m[1])) params.set('filename', decodeURIComponent(m[2]))
    } catch {
      // a bad percent-encoding: keep `filename`
    }
  }
  return params
}

/** A multipart body read through one stream reader: the bytes not yet handed out start at a delimiter or in a part. */
class MultipartBody {
  /** Bytes received and not handed out yet. */
  private buf: Buffer = Buffer.from('\r\n') // so the first delimiter looks like every other one
  private eof = false
  private partEnded = false // the preamble comes first

  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    /** CRLF + '--' + boundary */
    private readonly delimiter: Buffer,
    private readonly onBytes: (bytes: number) => void = () => {},
  ) {}

  private async more(): Promise<void> {
    if (this.eof) throw new MalformedMultipart('unexpected end of stream')
    const next = await this.reader.read()
    if (next.done) {
      this.eof = true
      throw new MalformedMultipart('unexpected end of stream')
    }
    this.onBytes(next.value.byteLength)
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength)
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk])
  }

  /** The current part's bytes up to the next delimiter (which stays in `buf`). */
  async *data(): AsyncGenerator<Buffer> {
    const d = this.delimiter
    while (!this.partEnded) {
      const at = this.buf.indexOf(d)
      if (at >= 0) {
        const out = this.buf.subarray(0, at)
        this.buf = this.buf.subarray(at)
        this.partEnded = true
        if (out.length > 0) yield out
        return
      }
      // Keep what could be the start of a delimiter cut by the chunk boundary.
      const keep = Math.min(this.buf.length, d.length - 1)
      const out = this.buf.subarray(0, this.buf.length - keep)
      this.buf = this.buf.subarray(this.buf.length - keep)
      if (out.length > 0) yield out
      await this.more()
    }
  }

  /** Skips the rest of the current part (or the preamble). */
  async skip() {
    for await (const _ of this.data()) void _
  }

  /** Reads the headers after the delimiter at the start of `buf`: null after the closing delimiter. */
  async headers(): Promise<Map<string, string> | null> {
    const after = this.delimiter.length
    while (this.buf.length < after + 2) await this.more()
    if (this.buf[after] === 0x2d && this.buf[after + 1] === 0x2d) return null // "--": the end
    let end: number
    while ((end = this.buf.indexOf(CRLFCRLF, after)) < 0) {
      if (this.buf.length > MAX_PART_HEADER_BYTES) throw new MalformedMultipart('part headers too large')
      await this.more()
    }
    const headers = new Map<string, string>()
    // The rest of the delimiter line (transport padding) comes first, then one header per line.
    const lines = this.buf.toString('utf8', after, end).split('\r\n')
    for (const [i, line] of lines.entries()) {
      const colon = line.indexOf(':')
      if (colon < 0) {
        if (i === 0 ? /^[ \t]*$/.test(line) : line.trim() === '') continue
        throw new MalformedMultipart('a part header without a colon')
      }
      if (i === 0) throw new MalformedMultipart('no line end after the boundary')
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
    }
    this.buf = this.buf.subarray(end + CRLFCRLF.length)
    this.partEnded = false
    return headers
  }
}

/**
 * Reads a multipart/form-data request part by part and hands each to `onPart` in order, waiting for it before the next:
 * a file's bytes go from the socket to its handler as they arrive, never buffered whole. Delimiters are found with
 * `Buffer.indexOf` (native); Remix's `unstable_parseMultipartFormData` searched every byte for CRLF in JavaScript and
 * copied every chunk, about 2 s per 70 MB. A handler may stop reading its part early (the rest is skipped). Errors: a
 * handler's error ends the reading and is rethrown (the rest of the body stays unread); a body that is not multipart →
 * `MalformedMultipart` (a part cut short fails in its handler's iteration first, so its import rolls back); a client
 * that goes away → the stream's error, likewise first in the part being read. `limits`: at most `maxParts` parts
 * (`TooManyParts`) and at most `maxBytes` for the whole request (a cap per request, not per part).
 */
export async function readMultipartForm(request: Request, onPart: (part: FormPart) => Promise<unknown>, limits: MultipartLimits = {}): Promise<void> {
  const boundary = multipartBoundary(request.headers.get('Content-Type'))
  if (!boundary) throw new MalformedMultipart('no boundary in the Content-Type')
  if (!request.body) throw new MalformedMultipart('no body')
  const reader = request.body.getReader()
  const body = new MultipartBody(reader, Buffer.from(`\r\n--${boundary}`, 'latin1'), byteCap(limits))
  let parts = 0
  try {
    await body.skip() // the preamble
    for (;;) {
      const headers = await body.headers()
      if (headers === null) return
      if (limits.maxParts !== undefined && ++parts > limits.maxParts) throw new TooManyParts(limits.maxParts)
      const params = formDataDisposition(headers.get('content-disposition') ?? '')
      const name = params?.get('name')
      if (!params || name === undefined) throw new MalformedMultipart('a part without Content-Disposition: form-data; name=…')
      await onPart({ name, filename: params.get('filename'), contentType: headers.get('content-type'), data: { [Symbol.asyncIterator]: () => body.data() } })
      await body.skip()
    }
  } finally {
    reader.releaseLock()
  }
}
