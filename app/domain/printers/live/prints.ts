/**
 * From printer to record (issue 18 item 5), the pure rules: which state changes start and end a print, which planned
 * job a printer's file is, how many grams a printer's reported filament length weighs, and what the record a person
 * confirms is prefilled with. Pure: times come in as arguments.
 */
import type { LiveState } from './state'

export const PRINT_OUTCOMES = ['finished', 'failed', 'cancelled'] as const
export type PrintOutcome = (typeof PRINT_OUTCOMES)[number]

export type PrintEvent = { kind: 'start' } | { kind: 'end'; outcome: PrintOutcome } | null

/**
 * What a state change means for the print: a new one starts when the printer goes to printing from anything but a
 * pause (a resume continues the same print); it ends on finished (done), error (failed, or cancelled when the printer
 * says so: Moonraker's and Bambu's cancel is an error with that word) and idle straight from printing or paused (the
 * print was stopped). Offline ends nothing: the printer may come back still printing, and its next report decides.
 */
export function printEvent(from: LiveState | null, to: LiveState, message: string | null): PrintEvent {
  if (to === 'printing') return from === 'paused' || from === 'printing' ? null : { kind: 'start' }
  if (to === 'finished') return { kind: 'end', outcome: 'finished' }
  // Bambu says only "failed or cancelled" when it gives no error code: that counts as failed.
  if (to === 'error') return { kind: 'end', outcome: message && /cancel/i.test(message) && !/fail/i.test(message) ? 'cancelled' : 'failed' }
  if (to === 'idle' && (from === 'printing' || from === 'paused')) return { kind: 'end', outcome: 'cancelled' }
  return null
}

// ---- which job a file is -------------------------------------------------------------------------------------------

/** A file name as words to compare: no folders, no slicer extensions, lower case, separators as spaces. */
export function fileWords(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? ''
  const bare = base.replace(/(\.gcode)?(\.3mf|\.gcode|\.bgcode|\.g|\.gco|\.ufp)$/i, '')
  return squash(bare)
}

const squash = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

export interface JobCandidate {
  id: string
  orderReference: string
  productName: string
  startsAt: Date
}

/**
 * The planned job a printer's file is: the one whose order reference or product name appears in the file name (whole
 * words, case and separators ignored: "SO-2026-103_hinge.gcode", "Hinge Plate v2.3mf"). A reference match
 * beats a name match; among equals the job planned first wins (the queue's order). Null when nothing matches: the
 * operator picks.
 */
export function matchJob<T extends JobCandidate>(file: string | null, candidates: readonly T[]): T | null {
  if (!file) return null
  const words = ` ${fileWords(file)} `
  if (words.trim() === '') return null
  const has = (s: string | null) => {
    const w = s ? squash(s) : ''
    return w.length > 0 && words.includes(` ${w} `)
  }
  const score = (c: T) => (has(c.orderReference) ? 2 : has(c.productName) ? 1 : 0)
  let best: T | null = null
  let bestScore = 0
  for (const c of [...candidates].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const s = score(c)
    if (s > bestScore) {
      best = c
      bestScore = s
    }
  }
  return best
}

// ---- grams from a filament length ----------------------------------------------------------------------------------

/** Densities in g/cm³ of the common materials (manufacturers' typical figures); others count as PLA. */
const DENSITY: Record<string, number> = { pla: 1.24, petg: 1.27, pet: 1.27, abs: 1.04, asa: 1.07, tpu: 1.21, pc: 1.2, pa: 1.14, nylon: 1.14, pva: 1.23, hips: 1.04 }

export function densityOf(material: string): number {
  const key = material.trim().toLowerCase().split(/[^a-z]+/)[0] ?? ''
  return DENSITY[key] ?? DENSITY.pla!
}

/**
 * Milligrams of `lengthMm` of filament of `diameterMm` (1.75 mm unless said), to the 0.1 g the records keep; null when
 * the length is unknown or not a real length.
 */
export function filamentMg(lengthMm: number | null, material: string, diameterMm = 1.75): number | null {
  if (lengthMm === null || !Number.isFinite(lengthMm) || lengthMm < 0 || lengthMm > 10_000_000) return null
  const volumeCm3 = (Math.PI * (diameterMm / 2) ** 2 * lengthMm) / 1000
  return Math.round(volumeCm3 * densityOf(material) * 10) * 100
}

// ---- what the record is prefilled with -----------------------------------------------------------------------------

export interface PrefillInput {
  outcome: PrintOutcome
  /** The job's planned units on the plate and filament, mg. */
  units: number
  plannedMg: number
  material: string
  /** What the printer reported: filament used so far, mm; progress 0..1 at the end. */
  filamentMm: number | null
  progress: number | null
}

export interface Prefill {
  goodUnits: number
  scrapUnits: number
  mg: number
  /** Where the grams come from: the printer's report, the plan, or the plan times the progress reached. */
  gramsFrom: 'printer' | 'plan' | 'plan_progress'
}

/**
 * A finished print: the whole plate good, the printer's grams when it reported a length, else the plan. A failed or
 * cancelled one: the plate scrapped, the printer's grams, else the plan times the progress it reached (whole plan when
 * unknown), to 0.1 g.
 */
export function prefillRecord(p: PrefillInput): Prefill {
  const reported = filamentMg(p.filamentMm, p.material)
  if (p.outcome === 'finished') return { goodUnits: p.units, scrapUnits: 0, mg: reported ?? p.plannedMg, gramsFrom: reported === null ? 'plan' : 'printer' }
  if (reported !== null) return { goodUnits: 0, scrapUnits: p.units, mg: reported, gramsFrom: 'printer' }
  const progress = p.progress !== null && Number.isFinite(p.progress) ? Math.min(1, Math.max(0, p.progress)) : null
  if (progress === null) return { goodUnits: 0, scrapUnits: p.units, mg: p.plannedMg, gramsFrom: 'plan' }
  return { goodUnits: 0, scrapUnits: p.units, mg: Math.round((p.plannedMg * progress) / 100) * 100, gramsFrom: 'plan_progress' }
}
