/** Fuzz targets of the inventory pages (POST rows of tests/support/authz/inventory.ts). */
import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { filaments, spools } from '~db/schema'
import { parseGrams } from '~/domain/inventory/mass'
import * as filamentPage from '~/routes/inventory.filaments.$filamentId'
import * as filamentList from '~/routes/inventory.filaments._index'
import * as spoolPage from '~/routes/inventory.spools.$spoolId'
import * as newSpool from '~/routes/inventory.spools.new'
import type { Ctx, Sent, Target } from '../support/harness'
import { lastAudit, rowOf, trimmed, versionOf } from '../support/records'
import { ref } from '../support/values'

let n = 0
async function spoolFixture(state: { filamentArchived?: boolean; spoolArchived?: boolean } = {}): Promise<Ctx> {
  n += 1
  const [f] = await db
    .insert(filaments)
    .values({ material: 'PLA', colourName: `Fuzz ${n} ${process.pid}`, colourHex: '#123456', brand: 'Acme', archivedAt: state.filamentArchived ? new Date() : null })
    .returning({ id: filaments.id })
  const [s] = await db
    .insert(spools)
    .values({ filamentId: f.id, batch: 'A1', initialNetGrams: '1000.0', remainingGrams: '800.0', tareGrams: '200.0', status: state.spoolArchived ? 'archived' : 'active' })
    .returning({ id: spools.id })
  return { filamentId: f.id, spoolId: s.id }
}

/** Filament names, batch and location as stored: NFKC, trimmed, inner whitespace runs → one space (documented). */
const tidy = (v: string | undefined) => (v ?? '').normalize('NFKC').trim().replace(/\s+/g, ' ')
/** Grams as typed → milligrams, by the documented rule (parseGrams); '' → the field's default. */
const mg = (v: string | undefined, fallback = 0) => (trimmed(v) === '' ? fallback : (parseGrams(v!) as { mg: number }).mg)
const dbMg = (numeric: string) => Math.round(Number(numeric) * 1000)
/** A decimal as typed ("1,75") → as numeric(p, scale) prints it. */
const decimal = (v: string | undefined, fallback: string, scale: number) => Number((trimmed(v) || fallback).replace(',', '.')).toFixed(scale)

async function expectFilamentAsSent(id: string, sent: Sent) {
  const [f] = await db.select().from(filaments).where(eq(filaments.id, id))
  expect(f.material).toBe(tidy(sent.get('material')))
  expect(f.colourName).toBe(tidy(sent.get('colourName')))
  expect(f.colourHex).toBe(sent.get('colourHex')!.toLowerCase())
  expect(f.brand).toBe(tidy(sent.get('brand')))
  expect(f.diameterMm).toBe(decimal(sent.get('diameterMm'), '1.75', 2))
  expect(f.densityGPerCm3).toBe(decimal(sent.get('densityGPerCm3'), '1.24', 3))
  expect(f.costPerKg).toBe(trimmed(sent.get('costPerKg')) ? decimal(sent.get('costPerKg'), '', 2) : null)
  expect(dbMg(f.lowStockGrams)).toBe(mg(sent.get('lowStockGrams')))
}

async function spoolRow(id: string) {
  const [s] = await db.select().from(spools).where(eq(spools.id, id))
  return s
}

async function expectSpoolAsSent(id: string, sent: Sent) {
  const s = await spoolRow(id)
  expect(s.batch).toBe(tidy(sent.get('batch')))
  expect(s.location).toBe(tidy(sent.get('location')))
  expect(s.receivedOn).toBe(trimmed(sent.get('receivedOn')) || null)
  expect(dbMg(s.initialNetGrams)).toBe(mg(sent.get('initialNetGrams')))
  expect(dbMg(s.tareGrams)).toBe(mg(sent.get('tareGrams')))
  return s
}

/** Stock amounts around the fixture spool's (800 g net of 1000 g, tare 200 g) so that most changes are possible. */
const grams = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 9 })).map(([g, d]) => `${g}.${d}`)
const stock = { grossGrams: grams(200, 1199), grams: grams(1, 799), remainingGrams: grams(0, 999) }

const spoolIntent = (intent: string, fixture: () => Promise<Ctx>, check?: (sent: Sent) => Promise<void>, renew = false): Target => ({
  row: rowOf('inventory.spools.$spoolId', intent),
  mod: spoolPage,
  plausible: stock,
  fixture,
  context: async (f) => ({ ...f, version: await versionOf('spools', f.spoolId) }),
  renew,
  readBack: check,
})

export const inventoryTargets: Target[] = [
  {
    row: rowOf('inventory.filaments._index'),
    mod: filamentList,
    readBack: async (sent) => expectFilamentAsSent((await lastAudit('filament.create')).entityId!, sent),
  },
  ...(['save', 'archive', 'restore'] as const).map(
    (intent): Target => ({
      row: rowOf('inventory.filaments.$filamentId', intent),
      mod: filamentPage,
      fixture: () => spoolFixture({ filamentArchived: intent === 'restore' }),
      context: async (f) => ({ ...f, version: await versionOf('filaments', f.filamentId) }),
      renew: intent !== 'save',
      readBack: async (sent) => {
        if (intent === 'save') return expectFilamentAsSent(sent.ctx.filamentId, sent)
        const [f] = await db.select().from(filaments).where(eq(filaments.id, sent.ctx.filamentId))
        expect(f.archivedAt !== null).toBe(intent === 'archive')
      },
    }),
  ),
  {
    row: rowOf('inventory.spools.new'),
    mod: newSpool,
    fixture: () => spoolFixture(),
    context: async (f) => f,
    readBack: async (sent) => {
      const s = await expectSpoolAsSent((await lastAudit('spool.create')).entityId!, sent)
      expect(s.filamentId).toBe(sent.get('filamentId'))
      expect(dbMg(s.remainingGrams)).toBe(mg(sent.get('remainingGrams'), mg(sent.get('initialNetGrams'))))
      expect(s.version).toBe(1)
    },
  },
  spoolIntent('weigh', () => spoolFixture(), async (sent) => {
    // Net = gross − the spool's tare (another intent sent now and then may have edited the tare).
    const s = await spoolRow(sent.ctx.spoolId)
    expect(dbMg(s.remainingGrams)).toBe(mg(sent.get('grossGrams')) - dbMg(s.tareGrams))
  }),
  {
    ...spoolIntent('deduct', () => spoolFixture(), undefined, true),
    // Found by the fuzz: a NUL in the reason reached the usage log insert (500); now a field error.
    examples: [[['intent', 'deduct'], ['version', ref('version')], ['grams', '10'], ['reason', 'A-\u00001']]],
  },
  spoolIntent('correct', () => spoolFixture(), async (sent) => {
    expect(dbMg((await spoolRow(sent.ctx.spoolId)).remainingGrams)).toBe(mg(sent.get('remainingGrams')))
  }),
  spoolIntent('save', () => spoolFixture(), async (sent) => {
    await expectSpoolAsSent(sent.ctx.spoolId, sent)
  }),
  spoolIntent('archive', () => spoolFixture(), async (sent) => expect((await spoolRow(sent.ctx.spoolId)).status).toBe('archived'), true),
  spoolIntent('restore', () => spoolFixture({ spoolArchived: true }), async (sent) => expect((await spoolRow(sent.ctx.spoolId)).status).not.toBe('archived'), true),
]
