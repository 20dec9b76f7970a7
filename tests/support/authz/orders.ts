import sharp from 'sharp'
import { db } from '~db/client.server'
import { images, orders, products } from '~db/schema'
import { anyUser, plannerUp, type MatrixRow } from './common'

let n = 0

/** A tiny valid PNG (solid colour), made with sharp so no binary fixture is needed. */
export async function pngBytes(width = 8, height = 8, colour = { r: 200, g: 40, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer()
}

/** A product straight in the database (fixtures are not user actions: no audit rows). */
export async function makeProduct(overrides: Partial<typeof products.$inferInsert> = {}) {
  n += 1
  const [p] = await db
    .insert(products)
    .values({ name: `Fixture product ${n} ${process.pid}`, gramsPerUnit: '12.50', printMinutesPerPlate: 90, unitsPerPlate: 4, ...overrides })
    .returning()
  return p
}

export async function makeOrder(overrides: Partial<typeof orders.$inferInsert> = {}) {
  n += 1
  const productId = overrides.productId ?? (await makeProduct()).id
  const [o] = await db
    .insert(orders)
    .values({ reference: `FX-${n}`, productId, targetQuantity: 100, ...overrides })
    .returning()
  return o
}

export async function makeImage() {
  const bytes = await pngBytes()
  const [img] = await db
    .insert(images)
    .values({ mime: 'image/webp', width: 8, height: 8, bytes, thumbWidth: 8, thumbHeight: 8, thumbBytes: bytes, originalMime: 'image/png', originalSize: bytes.length })
    .returning({ id: images.id })
  return img.id
}

async function orderFixture() {
  const o = await makeOrder()
  return { orderId: o.id, productId: o.productId }
}

const orderPage = { path: '/orders/:orderId', params: { orderId: ':orderId' }, fixture: orderFixture }
const productPage = { path: '/products/:productId', params: { productId: ':productId' }, fixture: orderFixture }

/** Authorization matrix rows of the orders & products routes. Everyone signed in reads; planners and admins change. */
export const ordersRows: MatrixRow[] = [
  // orders._index GET is a foundation row (tests/support/authz-matrix.ts).
  { route: 'orders.export[.csv]', method: 'GET', path: '/orders/export.csv', expect: anyUser },
  { route: 'orders.new', method: 'GET', path: '/orders/new', expect: plannerUp },
  { route: 'orders.new', method: 'POST', path: '/orders/new', expect: plannerUp },
  { route: 'orders.$orderId', method: 'GET', ...orderPage, expect: anyUser },
  // A stale version: an authorised call answers 409 and changes nothing between the roles.
  ...['save', 'cancel', 'reopen'].map(
    (intent): MatrixRow => ({ route: 'orders.$orderId', method: 'POST', intent, ...orderPage, form: { version: '999' }, expect: plannerUp }),
  ),
  { route: 'products._index', method: 'GET', path: '/products', expect: anyUser },
  { route: 'products.new', method: 'GET', path: '/products/new', expect: plannerUp },
  { route: 'products.new', method: 'POST', path: '/products/new', expect: plannerUp },
  { route: 'products.$productId', method: 'GET', ...productPage, expect: anyUser },
  { route: 'products.$productId', method: 'POST', intent: 'save', ...productPage, form: { version: '999' }, expect: plannerUp },
  {
    route: 'products.photos.$imageId',
    method: 'GET',
    path: '/products/photos/:imageId',
    params: { imageId: ':imageId' },
    fixture: async () => ({ imageId: await makeImage() }),
    expect: anyUser,
  },
]
