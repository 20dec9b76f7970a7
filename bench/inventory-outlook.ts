/**
 * Deterministic dataset for benchmarking `projectInventoryOutlook` (the runner is wired separately).
 *
 * `makeOutlookDataset(seed, sizes)` always returns the same data for the same arguments: it uses a small seeded PRNG
 * (mulberry32), never Math.random, and fixed dates. Shape of the data:
 * - filaments: materials × colours × brands, so several brands share a material + colour (pooling across brands);
 * - spools: spread over the filaments, received over ~6 months, batch labels "A1"…, ~85 % active / 10 % empty /
 *   5 % archived, 0–1,000 g in 0.1 g steps;
 * - jobs: about half name a `filamentId`, the rest name material + colour; planned over 90 days from 10 days before
 *   `today` (so some are past), 0.1–60 g in 0.1 g steps; a few reference colours that have no stock at all.
 */
import type {
  OutlookFilament,
  OutlookInput,
  OutlookJob,
  OutlookSpool,
} from '../app/domain/inventory/projection'
import type { SpoolStatus } from '../app/domain/inventory/keys'
import { createRng as mulberry32 } from '../tests/fixtures/rng'

/** How many rows of each kind to generate. */
export interface OutlookDatasetSizes {
  filaments: number
  spools: number
  jobs: number
}

/** The sizes named in the performance target. */
export const OUTLOOK_TARGET_SIZES: OutlookDatasetSizes = { filaments: 200, spools: 2_000, jobs: 20_000 }

const MATERIALS = ['PLA', 'PETG', 'ABS', 'ASA', 'TPU', 'PLA+', 'Nylon', 'PC'] as const
const COLOURS = [
  'Black', 'White', 'Grey', 'Red', 'Blue', 'Green', 'Yellow', 'Orange', 'Purple', 'Pink',
  'Silver', 'Gold', 'Natural', 'Brown', 'Navy', 'Teal', 'Lime', 'Beige', 'Olive', 'Maroon',
] as const
const BRANDS = ['Acme', 'Polyworks', 'Filabest', 'Korea3D', 'Generic'] as const

const DAY_MS = 86_400_000
const TODAY_MS = Date.UTC(2026, 2, 1, 0, 0, 0) // 2026-03-01T00:00Z, 09:00 in Seoul


/** Deterministic outlook input of the given sizes. */
export function makeOutlookDataset(seed: number, sizes: OutlookDatasetSizes): OutlookInput {
  const rand = mulberry32(seed)
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1)) // inclusive
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]

  const filaments: OutlookFilament[] = []
  for (let i = 0; i < sizes.filaments; i++) {
    // Cycle brands fastest so consecutive filaments share a material + colour across brands.
    const brand = BRANDS[i % BRANDS.length]
    const combo = Math.floor(i / BRANDS.length)
    const material = MATERIALS[combo % MATERIALS.length]
    const colourName = COLOURS[Math.floor(combo / MATERIALS.length) % COLOURS.length]
    filaments.push({
      id: i + 1,
      material,
      colourName,
      colourHex: `#${int(0, 0xffffff).toString(16).padStart(6, '0')}`,
      brand,
      lowStockMg: int(0, 5) * 100_000,
    })
  }

  const spools: OutlookSpool[] = []
  for (let i = 0; i < sizes.spools && filaments.length > 0; i++) {
    const f = pick(filaments)
    const roll = rand()
    const status: SpoolStatus = roll < 0.85 ? 'active' : roll < 0.95 ? 'empty' : 'archived'
    spools.push({
      id: i + 1,
      filamentId: f.id,
      material: f.material,
      colour: f.colourName,
      batch: `A${int(1, 12)}`,
      receivedAt: new Date(TODAY_MS - int(1, 180) * DAY_MS),
      status,
      remainingMg: status === 'empty' ? 0 : int(0, 10_000) * 100,
    })
  }

  const jobs: OutlookJob[] = []
  for (let i = 0; i < sizes.jobs; i++) {
    const plannedStart = new Date(TODAY_MS + (int(0, 90 * 24 * 4) - 10 * 24 * 4) * 15 * 60_000) // 15-minute grid
    const plannedUseMg = int(1, 600) * 100
    const id = i + 1
    const orderId = 1000 + Math.floor(i / 4)
    // Every row has the same columns (as DB rows do); unused ones are null.
    let filamentId: number | null = null
    let material: string | null = null
    let colour: string | null = null
    const roll = rand()
    if (roll < 0.02 || filaments.length === 0) {
      // A colour nobody stocks: short from its first job.
      material = 'PVA'
      colour = pick(['Natural', 'Clear'])
    } else if (roll < 0.5) {
      filamentId = pick(filaments).id as number
    } else {
      const f = pick(filaments)
      material = f.material
      colour = f.colourName
    }
    jobs.push({ id, ref: `ORD-${orderId}`, orderId, filamentId, material, colour, plannedStart, plannedUseMg })
  }

  return { filaments, spools, jobs, today: new Date(TODAY_MS), timeZone: 'Asia/Seoul' }
}
