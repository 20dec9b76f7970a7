import { addDays, startOfLocalDate, type LocalDate } from '../time/zoned'

/** A due date (shop-local day) as the instant it ends: late = finishing after the end of that day. */
export function dueInstant(dueDate: LocalDate, timeZone: string): Date {
  return startOfLocalDate(addDays(dueDate, 1), timeZone)
}
