/**
 * Photo uploads, written for any module: reading a multipart form with a size-limited in-memory upload handler, checking
 * the bytes (not the name, not the browser's content type) with file-type, and re-encoding with sharp — which strips
 * EXIF/GPS and every other metadata, applies the camera's orientation, caps the decoded pixel count and yields a display
 * size plus a thumbnail. Nothing here touches the database: callers store the result inside their own transaction.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { readForm } from './request.server'
import { withoutNul } from './text'

/** Largest accepted upload (one file part). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
/** Largest decoded image: 50 megapixels (a 48 MP phone photo passes; a 20000×20000 "pixel bomb" does not). */
export const MAX_INPUT_PIXELS = 50_000_000
/** Largest text field of a multipart form. */
const MAX_TEXT_FIELD_BYTES = 64 * 1024
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export const DISPLAY_MAX_PX = 1600
export const THUMB_MAX_PX = 320

/**
 * Value the upload handler stores instead of a file that exceeded the limit: the rest of the form is still parsed (the
 * oversized part is read and discarded), so the page can answer with a field error and keep the other values.
 */
export const UPLOAD_TOO_LARGE = '\u0000upload-too-large'

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

async function drain(data: AsyncIterable<Uint8Array>) {
  for await (const _chunk of data) {
    /* discard */
  }
}

/** Upload handler: files up to `maxBytes` in memory, larger ones replaced by `UPLOAD_TOO_LARGE`; text fields ≤ 64 KiB. */
export function memoryUploadHandler(maxBytes = MAX_UPLOAD_BYTES): UploadHandler {
  return async ({ filename, contentType, data }) => {
    const limit = typeof filename === 'string' ? maxBytes : MAX_TEXT_FIELD_BYTES
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > limit) {
        await drain(data)
        if (typeof filename !== 'string') throw new Response('Form field too large', { status: 413 })
        return UPLOAD_TOO_LARGE
      }
      chunks.push(chunk)
    }
    const whole = Buffer.concat(chunks)
    if (typeof filename === 'string') return new File([whole], filename, { type: contentType })
    return whole.toString('utf8')
  }
}

/**
 * Reads a form that may carry files: multipart bodies through `memoryUploadHandler`, url-encoded ones as usual (pages
 * without a file field, and the authorization tests, send those). A malformed body is a 400, never a 500.
 */
export async function readUploadForm(request: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<FormData> {
  const type = request.headers.get('Content-Type') ?? ''
  if (!type.toLowerCase().startsWith('multipart/form-data')) return readForm(request)
  try {
    return await unstable_parseMultipartFormData(request, memoryUploadHandler(maxBytes))
  } catch (e) {
    if (e instanceof Response) throw e
    throw new Response('Malformed form data', { status: 400 })
  }
}

export type UploadedFile = { kind: 'none' } | { kind: 'file'; file: File } | { kind: 'error'; code: ImageErrorCode }

/**
 * The file field `name` of a parsed form. A browser sends an empty part with an empty file name when nothing was chosen:
 * that is "no file". A named file of 0 bytes is an error.
 */
export function uploadedFile(form: FormData, name: string): UploadedFile {
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
