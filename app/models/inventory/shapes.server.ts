/**
 * The shapes the inventory model hands out (filaments and spools) and the column sets + row mappers that build them.
 * Across the whole inventory model, masses cross the boundary as integer milligrams (the DB keeps grams as numeric(12,1):
 * gramsNumericToMg / mgToDbNumeric); every mutation is one transaction with exactly one audit row, and a change of a
 * spool's remaining filament also writes one usage-log row per spool it touches (a FIFO consumption across two spools
 * writes two usage rows, one audit row).
 */
import { filaments, spools } from '~db/schema'
import { gramsNumericToMg, type SpoolStatus } from '~/domain/inventory'

export interface Filament {
  id: string
  material: string
  colourName: string
  colourHex: string
  brand: string
  diameterMm: string
  densityGPerCm3: string
  costPerKg: string | null
  lowStockMg: number
  archivedAt: Date | null
  version: number
}

export interface Spool {
  id: string
  filamentId: string
  material: string
  colourName: string
  colourHex: string
  brand: string
  batch: string
  initialNetMg: number
  remainingMg: number
  tareMg: number
  location: string
  receivedOn: string | null
  status: SpoolStatus
  version: number
  updatedAt: Date
}

export const filamentColumns = {
  id: filaments.id,
  material: filaments.material,
  colourName: filaments.colourName,
  colourHex: filaments.colourHex,
  brand: filaments.brand,
  diameterMm: filaments.diameterMm,
  densityGPerCm3: filaments.densityGPerCm3,
  costPerKg: filaments.costPerKg,
  lowStockGrams: filaments.lowStockGrams,
  archivedAt: filaments.archivedAt,
  version: filaments.version,
}

type FilamentDbRow = Omit<Filament, 'lowStockMg'> & { lowStockGrams: string }

export function toFilament(r: FilamentDbRow): Filament {
  const { lowStockGrams, ...rest } = r
  return { ...rest, lowStockMg: gramsNumericToMg(lowStockGrams) }
}

export const spoolColumns = {
  id: spools.id,
  filamentId: spools.filamentId,
  material: filaments.material,
  colourName: filaments.colourName,
  colourHex: filaments.colourHex,
  brand: filaments.brand,
  batch: spools.batch,
  initialNetGrams: spools.initialNetGrams,
  remainingGrams: spools.remainingGrams,
  tareGrams: spools.tareGrams,
  location: spools.location,
  receivedOn: spools.receivedOn,
  status: spools.status,
  version: spools.version,
  updatedAt: spools.updatedAt,
}

export type SpoolDbRow = {
  id: string
  filamentId: string
  material: string
  colourName: string
  colourHex: string
  brand: string
  batch: string
  initialNetGrams: string
  remainingGrams: string
  tareGrams: string
  location: string
  receivedOn: string | null
  status: SpoolStatus
  version: number
  updatedAt: Date
}

export function toSpool(r: SpoolDbRow): Spool {
  const { initialNetGrams, remainingGrams, tareGrams, ...rest } = r
  return {
    ...rest,
    initialNetMg: gramsNumericToMg(initialNetGrams),
    remainingMg: gramsNumericToMg(remainingGrams),
    tareMg: gramsNumericToMg(tareGrams),
  }
}
