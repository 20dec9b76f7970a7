/**
 * ISO 20816-3 (formerly ISO 10816-3) evaluation zones for industrial machines, from broadband RMS vibration velocity.
 *
 * Zone boundaries in mm/s (A/B, B/C, C/D):
 *   group 1 (large machines, 300 kW–50 MW)   rigid 2.3 / 4.5 / 7.1    flexible 3.5 / 7.1 / 11.0
 *   group 2 (medium machines, 15 kW–300 kW)  rigid 1.4 / 2.8 / 4.5    flexible 2.3 / 4.5 / 7.1
 * A: newly commissioned; B: unrestricted long-term operation; C: restricted operation; D: damage may occur.
 *
 * Boundary rule (as in the standard, where a zone extends "up to" its upper boundary): a value exactly on a boundary
 * belongs to the LOWER zone, e.g. group 1 rigid 2.3 mm/s → A, 2.31 → B.
 *
 * The broadband velocity is measured over 10–1000 Hz (the standard's band for machines above 600 r/min), capped at the
 * Nyquist frequency of the recording. Acceleration is integrated in the frequency domain: v(f) = a(f) / (2πf).
 * Units: 'm/s2' → ×1000 to mm/s; 'g' → ×9.80665 first; 'mm/s' (a velocity sensor) is taken as is; 'unknown' → no zone.
 */

/** Unit of the recorded waveform. */
export type VibrationUnit = 'm/s2' | 'g' | 'mm/s' | 'unknown'
/** Machine group of ISO 20816-3. */
export type IsoGroup = 'group1' | 'group2'
/** Foundation class of ISO 20816-3. */
export type Foundation = 'rigid' | 'flexible'
/** Evaluation zone, or 'not_zoned' when the unit is unknown or the group/foundation is missing. */
export type IsoZone = 'A' | 'B' | 'C' | 'D' | 'not_zoned'

/** Standard gravity, m/s² per g. */
export const STANDARD_GRAVITY = 9.80665
/** Default broadband velocity band, Hz. */
export const ISO_BAND_HZ = { low: 10, high: 1000 } as const

/** Zone boundaries A/B, B/C, C/D in mm/s. */
export const ISO_20816_3_BOUNDARIES: Record<IsoGroup, Record<Foundation, readonly [number, number, number]>> = {
  group1: { rigid: [2.3, 4.5, 7.1], flexible: [3.5, 7.1, 11.0] },
  group2: { rigid: [1.4, 2.8, 4.5], flexible: [2.3, 4.5, 7.1] },
}

/** Zone of a broadband RMS velocity (mm/s); a value on a boundary belongs to the lower zone. */
export function isoZone(
  velocityRmsMmS: number | null | undefined,
  group: IsoGroup | null | undefined,
  foundation: Foundation | null | undefined,
): IsoZone {
  if (velocityRmsMmS == null || !Number.isFinite(velocityRmsMmS) || !group || !foundation) return 'not_zoned'
  const [ab, bc, cd] = ISO_20816_3_BOUNDARIES[group][foundation]
  if (velocityRmsMmS <= ab) return 'A'
  if (velocityRmsMmS <= bc) return 'B'
  if (velocityRmsMmS <= cd) return 'C'
  return 'D'
}

/**
 * Factor turning a spectrum amplitude at `hz` into a velocity amplitude in mm/s, or null when the unit is unknown.
 * Acceleration: 1000 / (2πf) (m/s² → mm/s), times g for 'g'. Velocity in mm/s: 1.
 */
export function velocityFactor(unit: VibrationUnit, hz: number): number | null {
  switch (unit) {
    case 'mm/s':
      return 1
    case 'm/s2':
      return 1000 / (2 * Math.PI * hz)
    case 'g':
      return (STANDARD_GRAVITY * 1000) / (2 * Math.PI * hz)
    default:
      return null
  }
}
