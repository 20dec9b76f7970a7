/**
 * `npm run db:seed -- --demo` fills a small demo shop so a newcomer can look around in a minute. It never runs by itself,
 * refuses NODE_ENV=production unless `--force` is given, and refuses a database that already has data other than users.
 *
 * Every module adds its demo rows through a function in scripts/seed/ (see the list below); the foundation seeds one
 * demo account per role with a random password printed once — there are still no default accounts.
 */
import { randomBytes } from 'node:crypto'
import { count } from 'drizzle-orm'
import { closeDb, db, getDbHandle, migrateDb } from '../db/client.server'
import { refusal } from '../db/integrity.server'
import { users } from '../db/schema'
import { audit } from '../app/utils/audit.server'
import { hashPassword } from '../app/utils/password.server'
import type { Role } from '../app/utils/permissions'
import { calendarPreset } from '../app/domain/printers'
import { localDate } from '../app/domain/time/zoned'
import { createFilament } from '~/models/inventory/filaments.server'
import { createSpool } from '~/models/inventory/spools.server'
import { createOrder } from '../app/models/orders.server'
import { createProduct } from '../app/models/products.server'
import { createPrinter } from '~/models/printers/printers.server'
import { applyPlan, previewPlan } from '~/models/scheduling/plan.server'

const args = new Set(process.argv.slice(2))
if (!args.has('--demo')) {
  console.error('Usage: npm run db:seed -- --demo [--force]\nFills a demo shop. Nothing is seeded without --demo.')
  process.exit(2)
}
if (process.env.NODE_ENV === 'production' && !args.has('--force')) {
  console.error('Refusing to seed demo data with NODE_ENV=production (add --force if you really mean it).')
  process.exit(2)
}

try {
  await migrateDb(getDbHandle())
} catch (e) {
  // The embedded folder in use by another process, damaged or half-restored: say so and touch nothing.
  const refused = refusal(e)
  if (!refused) throw e
  console.error(refused.message)
  await closeDb()
  process.exit(refused.exitCode)
}
const [{ n }] = await db.select({ n: count() }).from(users)
if (n > 0 && !args.has('--force')) {
  console.error(`The database already has ${n} user(s); demo data is only added to an empty database (or use --force).`)
  await closeDb()
  process.exit(2)
}

const demo: Array<{ username: string; displayName: string; role: Role }> = [
  { username: 'demo-admin', displayName: '데모 관리자', role: 'admin' },
  { username: 'demo-planner', displayName: '데모 계획 담당', role: 'planner' },
  { username: 'demo-operator', displayName: '데모 작업자', role: 'operator' },
  { username: 'demo-viewer', displayName: '데모 조회', role: 'viewer' },
]
const lines: string[] = []
await db.transaction(async (tx) => {
  for (const u of demo) {
    const password = randomBytes(9).toString('base64url')
    const [row] = await tx
      .insert(users)
      .values({ ...u, passwordHash: await hashPassword(password) })
      .onConflictDoNothing()
      .returning({ id: users.id })
    if (!row) continue
    await audit(tx, { id: null, username: 'db:seed' }, { action: 'seed.demo_user', entityType: 'user', entityId: row.id, after: u })
    lines.push(`  ${u.username.padEnd(14)} ${u.role.padEnd(9)} ${password}`)
  }
})
// Printers: a small fleet on a mix of 24/7 and staffed-hours calendars (each with the default maintenance intervals).
const seedActor = { id: null, username: 'db:seed' }
const fleet = [
  { assetId: 'P-01', name: '1번 프린터', model: 'Bambu Lab X1C', materials: ['PLA', 'PETG', 'ABS', 'ASA'], preset: 'always' as const, hours: 1240 },
  { assetId: 'P-02', name: '2번 프린터', model: 'Bambu Lab X1C', materials: ['PLA', 'PETG', 'ABS', 'ASA'], preset: 'always' as const, hours: 860 },
  { assetId: 'P-03', name: '3번 프린터', model: 'Prusa MK4', materials: ['PLA', 'PETG', 'TPU'], preset: 'weekdays_09_21' as const, hours: 2105 },
  { assetId: 'P-04', name: '4번 프린터', model: 'Prusa MK4', materials: ['PLA', 'PETG'], preset: 'weekdays_09_21' as const, hours: 430 },
  { assetId: 'P-05', name: '5번 프린터', model: 'Creality K1 Max', materials: ['PLA', 'PETG', 'TPU'], preset: 'always' as const, hours: 95 },
]
let printersAdded = 0
for (const p of fleet) {
  const result = await createPrinter(seedActor, {
    assetId: p.assetId,
    name: p.name,
    model: p.model,
    serial: `SN-${p.assetId}`,
    purchaseDate: '2025-03-10',
    location: '작업장 A',
    nozzleDiameterMm: 0.4,
    materials: p.materials,
    status: 'active',
    printHours: p.hours,
    changeoverMinutes: 10,
    calendar: calendarPreset(p.preset),
  })
  if (result.ok) printersAdded++
}
console.log(`Printers: ${printersAdded} added.`)

// Filaments and spools: a few materials/colours, several batches each, some spools part-used.
const catalog = [
  { material: 'PLA', colourName: 'Black', colourHex: '#111111', brand: 'eSUN', spools: [1000, 1000, 640] },
  { material: 'PLA', colourName: 'White', colourHex: '#f5f5f5', brand: 'eSUN', spools: [1000, 410] },
  { material: 'PETG', colourName: 'Black', colourHex: '#1a1a1a', brand: 'Polymaker', spools: [1000, 230] },
  { material: 'PETG', colourName: 'Clear', colourHex: '#dbeafe', brand: 'Polymaker', spools: [1000] },
  { material: 'ABS', colourName: 'Red', colourHex: '#c81e1e', brand: 'Bambu', spools: [1000, 1000] },
  { material: 'TPU', colourName: 'Orange', colourHex: '#f97316', brand: 'SUNLU', spools: [500] },
]
let spoolsAdded = 0
const filamentIds = new Map<string, string>()
for (const f of catalog) {
  const created = await createFilament(seedActor, {
    material: f.material,
    colourName: f.colourName,
    colourHex: f.colourHex,
    brand: f.brand,
    diameterMm: '1.75',
    densityGPerCm3: f.material === 'PLA' ? '1.24' : f.material === 'PETG' ? '1.27' : f.material === 'ABS' ? '1.04' : '1.21',
    costPerKg: '25000',
    lowStockMg: 500_000,
  })
  if (!created.ok) continue
  filamentIds.set(`${f.material} ${f.colourName}`, created.filament.id)
  for (const [i, grams] of f.spools.entries()) {
    const r = await createSpool(seedActor, {
      filamentId: created.filament.id,
      batch: `A${i + 1}`,
      initialNetMg: (f.material === 'TPU' ? 500 : 1000) * 1000,
      remainingMg: grams * 1000,
      tareMg: 250_000,
      location: `선반 ${i + 1}`,
      receivedOn: `2026-0${i + 7}-01`,
    })
    if (r.ok) spoolsAdded++
  }
}
console.log(`Filaments: ${catalog.length}, spools: ${spoolsAdded} added.`)

// Products and open orders (due dates spread over the next weeks; one already partly covered by stock).
const productSpecs = [
  { name: '케이블 정리 클립', filament: 'PLA Black', grams: '4.2', minutes: 95, perPlate: 40, waste: '3' },
  { name: '화분 받침대', filament: 'PETG Clear', grams: '38.5', minutes: 180, perPlate: 4, waste: '5' },
  { name: '드론 프레임 암', filament: 'ABS Red', grams: '22.0', minutes: 240, perPlate: 6, waste: '8' },
  { name: '키캡 세트', filament: 'PLA White', grams: '12.3', minutes: 150, perPlate: 10, waste: '4' },
  { name: '범퍼 패드', filament: 'TPU Orange', grams: '3.1', minutes: 60, perPlate: 24, waste: '6' },
]
const shopTz = process.env.SHOP_TIME_ZONE ?? 'Asia/Seoul'
const today = localDate(new Date(), shopTz)
const dueIn = (days: number) => localDate(new Date(Date.now() + days * 86_400_000), shopTz)
let ordersAdded = 0
for (const [i, spec] of productSpecs.entries()) {
  const product = await createProduct(
    seedActor,
    {
      name: spec.name,
      filamentId: filamentIds.get(spec.filament) ?? null,
      gramsPerUnit: spec.grams,
      printMinutesPerPlate: spec.minutes,
      unitsPerPlate: spec.perPlate,
      wastePct: spec.waste,
      notes: '',
    },
    null,
  )
  if (!product.ok) continue
  const order = await createOrder(
    seedActor,
    {
      reference: `SO-2026-${String(101 + i)}`,
      customer: ['한빛 상사', '그린 플랜트', '스카이 드론', '키보드 공방', '모션 랩'][i],
      targetQuantity: [300, 40, 60, 120, 200][i],
      stockOnHand: [50, 0, 12, 0, 0][i],
      dueDate: dueIn([5, 9, 3, 14, 21][i]),
      priority: i === 2 ? 1 : 0,
      notes: '',
    },
    { kind: 'existing', id: product.product.id },
    null,
    today,
  )
  if (order.ok) ordersAdded++
}
console.log(`Products: ${productSpecs.length}, orders: ${ordersAdded} added.`)

// A first production plan, so the schedule's Gantt has something to show (the same Apply a planner presses).
if (ordersAdded > 0) {
  const planAt = new Date()
  const preview = await previewPlan(planAt)
  const applied = await applyPlan(seedActor, planAt, preview.fingerprint, planAt)
  console.log(`Plan: ${applied.ok ? applied.added : 0} print jobs scheduled.`)
}

console.log('Demo accounts (passwords are shown once; change or disable them in Admin → Users):')
console.log(lines.join('\n') || '  (already present)')
await closeDb()
