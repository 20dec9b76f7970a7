/**
 * Photo uploads, written for any module: reading a multipart form part by part with limits per part and per request, checking
 * the bytes (not the name, not the browser's content type) with file-type, and re-encoding with sharp — which strips
 * EXIF/GPS and every other metadata, applies the camera's orientation, caps the decoded pixel count and yields a display
 * size plus a thumbnail. Nothing here touches the database: callers store the result inside their own transaction.
 */
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { readMultipartForm, TooManyParts } from '~/domain/http/multipart'
import { readForm } from './request.server'
import { withoutNul } from './text'

/** Largest accepted upload (one file part). */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** Largest decoded image: 50 megapixels (a 48 MP phone photo passes; a 20000×20000 "pixel bomb" does not). */
const MAX_INPUT_PIXELS = 50_000_000
/** Largest text field of a multipart form. */
const MAX_TEXT_FIELD_BYTES = 64 * 1024
const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
const DISPLAY_MAX_PX = 1600
const THUMB_MAX_PX = 320

/**
 * Value the upload handler stores instead of a file that exceeded the limit: the rest of the form is still parsed (the
 * oversized part is read and discarded), so the page can answer with a field error and keep the other values.
 */
const UPLOAD_TOO_LARGE = '\u0000upload-too-large'

export type ImageErrorCode = 'empty' | 'too_large' | 'unsupported_type' | 'corrupt' | 'too_many_pixels'

export interface ProcessedImage {
  mime: 'image/webp'
  width: number
  height: number
  bytes: Buffer
  thumbWidth: number
  thumbHeight: number
  thumbBytes: Buffer
  originalName: string
  originalMime: string
  originalSize: number
}

/** Parts in one photo form (its fields plus one or two files); more is not a form of ours. */
const MAX_FORM_PARTS = 64
/**
 * Bytes in one photo form request, counted as they arrive (chunked bodies declare no length): room for one file just over
 * the limit to be read through (so the page can answer with a field error and keep the other values) and the fields.
 */
const MAX_FORM_BYTES = 2 * MAX_UPLOAD_BYTES + 1024 * 1024

class FormTooLarge extends Error {}

/** A part's bytes, up to `limit` (null past it: the rest is read and dropped, never held). */
async function collect(data: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size <= limit) chunks.push(chunk)
    else chunks.length = 0
  }
  return size <= limit ? Buffer.concat(chunks) : null
}

/**
 * Reads a form that may carry files: multipart bodies part by part as they arrive (one file per field name is kept, up
 * to `maxBytes`; a larger one becomes `UPLOAD_TOO_LARGE`; text fields ≤ 64 KiB; at most 64 parts and ~21 MB per
 * request, else 413), url-encoded ones as usual (pages without a file field, and the authorization tests, send those).
 * A malformed body is a 400, never a 500.
 */
export async function readUploadForm(request: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<FormData> {
  const type = request.headers.get('Content-Type') ?? ''
  if (!type.toLowerCase().startsWith('multipart/form-data')) return readForm(request)
  if (Number(request.headers.get('Content-Length') ?? 0) > MAX_FORM_BYTES) throw new Response('Upload too large', { status: 413 })
  const form = new FormData()
  const limits = { maxParts: MAX_FORM_PARTS, maxBytes: MAX_FORM_BYTES, tooLarge: () => new FormTooLarge() }
  try {
    await readMultipartForm(
      request,
      async ({ name, filename, contentType, data }) => {
        if (typeof filename !== 'string') {
          const text = await collect(data, MAX_TEXT_FIELD_BYTES)
          if (text === null) throw new Response('Form field too large', { status: 413 })
          form.append(name, text.toString('utf8'))
        } else if (!form.has(name)) {
          const bytes = await collect(data, maxBytes)
          form.append(name, bytes === null ? UPLOAD_TOO_LARGE : new File([bytes], filename, { type: contentType ?? '' }))
        }
        // A second file under the same name is read through and dropped (the forms have one file per field).
      },
      limits,
    )
    return form
  } catch (e) {
    if (e instanceof Response) throw e
    if (e instanceof FormTooLarge || e instanceof TooManyParts) throw new Response('Upload too large', { status: 413 })
    throw new Response('Malformed form data', { status: 400 })
  }
}

export type UploadedFile = { kind: 'none' } | { kind: 'file'; file: File } | { kind: 'error'; code: ImageErrorCode }

/**
 * The file field `name` of a parsed form. A browser sends an empty part with an empty file name when nothing was chosen:
 * that is "no file". A named file of 0 bytes is an error.
 */
function uploadedFile(form: FormData, name: string): UploadedFile {
  const value = form.get(name)
  if (value === UPLOAD_TOO_LARGE) return { kind: 'error', code: 'too_large' }
  if (value === null || typeof value === 'string') return { kind: 'none' }
  if (value.size === 0) return value.name ? { kind: 'error', code: 'empty' } : { kind: 'none' }
  if (value.size > MAX_UPLOAD_BYTES) return { kind: 'error', code: 'too_large' }
  return { kind: 'file', file: value }
}

/**
 * Checks and re-encodes one uploaded image. JPEG, PNG and WebP are recognised by their magic bytes (an HTML or SVG file
 * named .png is `unsupported_type`); truncated or otherwise broken images are `corrupt` (sharp's failOn 'truncated'
 * aborts on a short file); images over `MAX_INPUT_PIXELS` are `too_many_pixels` before anything is decoded.
 * Output is WebP (display ≤ 1600 px, thumbnail ≤ 320 px) without any metadata.
 */
export async function processImage(
  input: Buffer,
  meta: { name?: string } = {},
): Promise<{ ok: true; image: ProcessedImage } | { ok: false; code: ImageErrorCode }> {
  if (input.byteLength === 0) return { ok: false, code: 'empty' }
  if (input.byteLength > MAX_UPLOAD_BYTES) return { ok: false, code: 'too_large' }
  const type = await fileTypeFromBuffer(input)
  if (!type || !(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(type.mime)) return { ok: false, code: 'unsupported_type' }
  const options: sharp.SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', sequentialRead: true }
  try {
    const header = await sharp(input, options).metadata()
    if (!header.width || !header.height) return { ok: false, code: 'corrupt' }
    if (header.width * header.height > MAX_INPUT_PIXELS) return { ok: false, code: 'too_many_pixels' }
    if ((header.pages ?? 1) > 1) return { ok: false, code: 'unsupported_type' }
    // Decode once (rotated upright); both variants are made from the decoded pixels.
    const upright = await sharp(input, options).rotate().toBuffer({ resolveWithObject: true })
    const resize = (max: number) =>
      sharp(upright.data, { limitInputPixels: MAX_INPUT_PIXELS })
        .resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true })
    const [display, thumb] = [await resize(DISPLAY_MAX_PX), await resize(THUMB_MAX_PX)]
    return {
      ok: true,
      image: {
        mime: 'image/webp',
        width: display.info.width,
        height: display.info.height,
        bytes: display.data,
        thumbWidth: thumb.info.width,
        thumbHeight: thumb.info.height,
        thumbBytes: thumb.data,
        originalName: withoutNul(meta.name ?? '').slice(0, 200),
        originalMime: type.mime,
        originalSize: input.byteLength,
      },
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (/pixel limit/i.test(message)) return { ok: false, code: 'too_many_pixels' }
    return { ok: false, code: 'corrupt' }
  }
}

/** An uploaded file field straight to a processed image (or nothing, or an error code). */
export async function imageFromForm(
  form: FormData,
  name: string,
): Promise<{ kind: 'none' } | { kind: 'image'; image: ProcessedImage } | { kind: 'error'; code: ImageErrorCode }> {
  const upload = uploadedFile(form, name)
  if (upload.kind !== 'file') return upload
  const result = await processImage(Buffer.from(await upload.file.arrayBuffer()), { name: upload.file.name })
  return result.ok ? { kind: 'image', image: result.image } : { kind: 'error', code: result.code }
}

/** Response headers for serving a stored image: exact type, no sniffing, private cache (ids are immutable). */
export function imageHeaders(mime: string, byteLength: number): HeadersInit {
  return {
    'Content-Type': mime,
    'Content-Length': String(byteLength),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Content-Disposition': 'inline',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  }
}
