import { zonedParts } from '~/domain/time/zoned'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `YYYY-MM-DDTHH:MM:SS` wall-clock time of an instant in a zone (the value of a datetime-local input). */
export function formatWallClock(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}
