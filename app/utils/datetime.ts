import { isValidLocalDate, zonedDateTimeToInstant } from '~/domain/time/zoned'

/** The value of a `datetime-local` input ("YYYY-MM-DDTHH:MM[:SS]") read as wall-clock time in `timeZone`; null if invalid. */
export function parseDateTimeLocal(value: string, timeZone: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim())
  if (!m || !isValidLocalDate(m[1])) return null
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)]
  if (h > 23 || min > 59 || s > 59) return null
  return new Date(zonedDateTimeToInstant(m[1], h * 60 + min, timeZone).getTime() + s * 1000)
}
