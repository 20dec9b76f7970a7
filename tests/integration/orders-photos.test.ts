import { deflateSync, crc32 } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { count, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { images, orders, products } from '~db/schema'
import * as editOrder from '~/routes/orders.$orderId'
import * as newOrder from '~/routes/orders.new'
import * as editProduct from '~/routes/products.$productId'
import * as newProduct from '~/routes/products.new'
import * as photo from '~/routes/products.photos.$imageId'
import { processImage } from '~/utils/images.server'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { pngBytes } from '../support/authz/orders'

const FIXTURE_JPEG = readFileSync('tests/fixtures/images/widget.jpg')

let seq = 0
const uniq = (s: string) => `${s} ${++seq}-${process.pid}`
const productFields = { gramsPerUnit: '7.5', printMinutesPerPlate: '45', unitsPerPlate: '8', wastePct: '3', productNotes: '' }

async function planner() {
  return sessionFor((await makeUser('planner')).id)
}

const counts = async () => ({
  images: (await db.select({ n: count() }).from(images))[0].n,
  products: (await db.select({ n: count() }).from(products))[0].n,
  orders: (await db.select({ n: count() }).from(orders))[0].n,
})

/** A multipart form like a browser sends it. */
function multipart(fields: Record<string, string>, files: Record<string, { bytes: Buffer | Uint8Array; name: string; type: string }>) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const [k, f] of Object.entries(files)) form.append(k, new File([new Uint8Array(f.bytes)], f.name, { type: f.type }))
  return form
}

function pngChunk(type: string, body: Buffer) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), body])) >>> 0)
  return Buffer.concat([len, Buffer.from(type, 'latin1'), body, crc])
}

/** A well-formed PNG header claiming 20000×20000 pixels (a "pixel bomb": tiny file, 400 megapixels once decoded). */
function pixelBombPng() {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(20_000, 0)
  ihdr.writeUInt32BE(20_000, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(60_001 * 4))),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

async function noisyJpeg() {
  const raw = Buffer.alloc(256 * 256 * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251
  return sharp(raw, { raw: { width: 256, height: 256, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
}

describe('photo checks (images.server)', () => {
  test('a JPEG with EXIF is re-encoded to WebP without any metadata, with a display size and a thumbnail', async () => {
    const withExif = await sharp(await noisyJpeg())
      .resize(2400, 1200)
      .withExif({ IFD0: { Copyright: 'SECRET-EXIF-MARKER', Artist: 'GPS 37.5665N 126.9780E' } })
      .jpeg()
      .toBuffer()
    expect((await sharp(withExif).metadata()).exif).toBeDefined()
    const result = await processImage(withExif, { name: 'camera.jpg' })
    if (!result.ok) throw new Error(result.code)
    const { image } = result
    expect(image).toMatchObject({ mime: 'image/webp', width: 1600, height: 800, thumbWidth: 320, thumbHeight: 160, originalMime: 'image/jpeg' })
    for (const bytes of [image.bytes, image.thumbBytes]) {
      const meta = await sharp(bytes).metadata()
      expect(meta.format).toBe('webp')
      expect(meta.exif).toBeUndefined()
      expect(meta.icc).toBeUndefined()
      expect(bytes.includes(Buffer.from('SECRET-EXIF-MARKER'))).toBe(false)
    }
  })

  test.each([
    ['an HTML file named .png', async () => Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'unsupported_type'],
    ['an SVG file named .png', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'), 'unsupported_type'],
    ['a GIF', async () => Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'), 'unsupported_type'],
    ['a truncated JPEG', async () => (await noisyJpeg()).subarray(0, 3000), 'corrupt'],
    ['a truncated PNG', async () => (await pngBytes(300, 300)).subarray(0, 60), 'corrupt'],
    ['a 0-byte file', async () => Buffer.alloc(0), 'empty'],
    ['a 20000×20000 pixel image', async () => pixelBombPng(), 'too_many_pixels'],
    ['an 11 MB file', async () => Buffer.concat([FIXTURE_JPEG, Buffer.alloc(11 * 1024 * 1024)]), 'too_large'],
  ])('%s is refused (%s)', async (_label, make, code) => {
    expect(await processImage(await make())).toEqual({ ok: false, code })
  })
})

describe('photo uploads through the pages', () => {
  test('a product photo is stored in the database and served only to signed-in users, with its type and nosniff', async () => {
    const cookie = await planner()
    const name = uniq('Photo product')
    const res = await callAction(
      newProduct,
      makeRequest('/products/new', { cookie, form: multipart({ name, ...productFields }, { photo: { bytes: FIXTURE_JPEG, name: 'widget.jpg', type: 'image/jpeg' } }) }),
    )
    expect(res.status).toBe(302)
    const [p] = await db.select().from(products).where(eq(products.name, name))
    expect(p.photoId).not.toBeNull()
    for (const size of ['thumb', 'display']) {
      const served = await callLoader(photo, makeRequest(`/products/photos/${p.photoId}?size=${size}`, { cookie }), { imageId: p.photoId! })
      expect(served.status).toBe(200)
      expect(served.headers.get('Content-Type')).toBe('image/webp')
      expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff')
    }
    const anonymous = await callLoader(photo, makeRequest(`/products/photos/${p.photoId}`), { imageId: p.photoId! })
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toMatch(/^\/login/)
    expect((await callLoader(photo, makeRequest('/products/photos/nope', { cookie }), { imageId: 'nope' })).status).toBe(404)
  })

  test('replacing a product photo deletes the old image row in the same transaction', async () => {
    const cookie = await planner()
    const name = uniq('Replace photo')
    await callAction(newProduct, makeRequest('/products/new', { cookie, form: multipart({ name, ...productFields }, { photo: { bytes: FIXTURE_JPEG, name: 'a.jpg', type: 'image/jpeg' } }) }))
    const [p] = await db.select().from(products).where(eq(products.name, name))
    const before = await counts()
    const res = await callAction(
      editProduct,
      makeRequest(`/products/${p.id}`, { cookie, form: multipart({ intent: 'save', version: '1', name, ...productFields }, { photo: { bytes: await pngBytes(40, 40), name: 'b.png', type: 'image/png' } }) }),
      { productId: p.id },
    )
    expect(res.status).toBe(302)
    const [after] = await db.select().from(products).where(eq(products.id, p.id))
    expect(after.photoId).not.toBe(p.photoId)
    expect(await db.select({ id: images.id }).from(images).where(eq(images.id, p.photoId!))).toEqual([])
    expect((await counts()).images).toBe(before.images)
  })

  test('an order may carry its own photo; removing it deletes the image row', async () => {
    const cookie = await planner()
    const [p] = await db.insert(products).values({ name: uniq('Order photo product'), gramsPerUnit: '3.00', printMinutesPerPlate: 10 }).returning()
    const reference = uniq('PO-PHOTO')
    const res = await callAction(
      newOrder,
      makeRequest('/orders/new', { cookie, form: multipart({ productId: p.id, reference, targetQuantity: '5' }, { orderPhoto: { bytes: FIXTURE_JPEG, name: 'sample.jpg', type: 'image/jpeg' } }) }),
    )
    expect(res.status).toBe(302)
    const [o] = await db.select().from(orders).where(eq(orders.reference, reference))
    expect(o.photoId).not.toBeNull()
    const removed = await callAction(
      editOrder,
      makeRequest(`/orders/${o.id}`, { cookie, form: { intent: 'save', version: '1', productId: p.id, reference, targetQuantity: '5', priority: '1', removePhoto: 'on' } }),
      { orderId: o.id },
    )
    expect(removed.status).toBe(302)
    expect((await db.select().from(orders).where(eq(orders.id, o.id)))[0].photoId).toBeNull()
    expect(await db.select({ id: images.id }).from(images).where(eq(images.id, o.photoId!))).toEqual([])
  })

  test('no file chosen (the empty part a browser sends) is simply "no photo"', async () => {
    const cookie = await planner()
    const before = await counts()
    const res = await callAction(
      newProduct,
      makeRequest('/products/new', { cookie, form: multipart({ name: uniq('No photo'), ...productFields }, { photo: { bytes: Buffer.alloc(0), name: '', type: 'application/octet-stream' } }) }),
    )
    expect(res.status).toBe(302)
    expect(await counts()).toMatchObject({ images: before.images, products: before.products + 1 })
  })

  const bad: [string, () => Promise<{ bytes: Buffer; name: string; type: string }>, string][] = [
    ['HTML named .png', async () => ({ bytes: Buffer.from('<html><body>hi</body></html>'), name: 'evil.png', type: 'image/png' }), 'unsupported_type'],
    ['SVG named .png', async () => ({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), name: 'logo.png', type: 'image/png' }), 'unsupported_type'],
    ['truncated JPEG', async () => ({ bytes: (await noisyJpeg()).subarray(0, 2500), name: 'half.jpg', type: 'image/jpeg' }), 'corrupt'],
    ['0-byte file', async () => ({ bytes: Buffer.alloc(0), name: 'empty.jpg', type: 'image/jpeg' }), 'empty'],
    ['11 MB file', async () => ({ bytes: Buffer.concat([FIXTURE_JPEG, Buffer.alloc(11 * 1024 * 1024)]), name: 'huge.jpg', type: 'image/jpeg' }), 'too_large'],
    ['20000×20000 image', async () => ({ bytes: pixelBombPng(), name: 'bomb.png', type: 'image/png' }), 'too_many_pixels'],
  ]

  test.each(bad)('a new order with a new product and a bad photo (%s) is a field error; no image, product or order row', async (_label, make, code) => {
    const cookie = await planner()
    const before = await counts()
    const file = await make()
    const res = await callAction(
      newOrder,
      makeRequest('/orders/new', { cookie, form: multipart({ productName: uniq('Bad photo'), reference: uniq('PO'), targetQuantity: '10', ...productFields }, { photo: file }) }),
    )
    expect(res.status).toBe(400)
    expect((res.data as { error: Record<string, string[]> }).error.photo).toEqual([`products.error.photo.${code}`])
    // The other values come back so the form can be shown again.
    expect((res.data as { initialValue: Record<string, string> }).initialValue).toMatchObject({ targetQuantity: '10' })
    expect(await counts()).toEqual(before)
  })

  test.each(bad)('a product page upload with a bad photo (%s) changes nothing', async (_label, make, code) => {
    const cookie = await planner()
    const name = uniq('Keep photo')
    await callAction(newProduct, makeRequest('/products/new', { cookie, form: { name, ...productFields } }))
    const [p] = await db.select().from(products).where(eq(products.name, name))
    const before = await counts()
    const res = await callAction(
      editProduct,
      makeRequest(`/products/${p.id}`, { cookie, form: multipart({ intent: 'save', version: '1', name, ...productFields, gramsPerUnit: '99' }, { photo: await make() }) }),
      { productId: p.id },
    )
    expect(res.status).toBe(400)
    expect((res.data as { result: { error: Record<string, string[]> } }).result.error.photo).toEqual([`products.error.photo.${code}`])
    expect(await counts()).toEqual(before)
    expect((await db.select().from(products).where(eq(products.id, p.id)))[0]).toMatchObject({ version: 1, gramsPerUnit: '7.50' })
  })
})
