/**
 * The board's agenda view (portrait tablets): per printer, what runs now, what comes next and what else is planned for
 * the rest of the shop's day. Pure: `now` and the end of the day are arguments.
 */
import type { JobStatus } from './jobs'

/** A job counts as overdue (a late start, or still printing past its end) after this grace. */
export const AGENDA_GRACE_MS = 10 * 60_000

export interface AgendaJobInput {
  id: string
  printerId: string
  start: Date
  end: Date
  status: JobStatus
}

export interface AgendaEntry<J> {
  job: J
  /** Printing past its planned end, or planned and not started well after its start. */
  overdue: boolean
}

export interface AgendaRow<J> {
  printerId: string
  /** The job on the printer now: the printing one, else a planned one whose slot holds now. */
  now: AgendaEntry<J> | null
  /** The first planned job after that. */
  next: AgendaEntry<J> | null
  /** The other planned jobs that start before the end of the day. */
  later: AgendaEntry<J>[]
}

export function agendaOf<J extends AgendaJobInput>(printerIds: ReadonlyArray<string>, jobs: ReadonlyArray<J>, now: Date, dayEnd: Date): AgendaRow<J>[] {
  const n = now.getTime()
  const entry = (job: J): AgendaEntry<J> => ({
    job,
    overdue: (job.status === 'printing' ? job.end.getTime() : job.start.getTime()) < n - AGENDA_GRACE_MS,
  })
  return printerIds.map((printerId) => {
    const mine = jobs.filter((j) => j.printerId === printerId).sort((a, b) => a.start.getTime() - b.start.getTime() || (a.id < b.id ? -1 : 1))
    const current = mine.find((j) => j.status === 'printing') ?? mine.find((j) => j.status === 'planned' && j.start.getTime() <= n && j.end.getTime() > n) ?? null
    // Planned jobs still ahead (or overdue to start), other than the current one, in time order.
    const ahead = mine.filter((j) => j.status === 'planned' && j !== current && j.end.getTime() > n)
    const [next, ...rest] = ahead
    return {
      printerId,
      now: current ? entry(current) : null,
      next: next ? entry(next) : null,
      later: rest.filter((j) => j.start.getTime() < dayEnd.getTime()).map(entry),
    }
  })
}
