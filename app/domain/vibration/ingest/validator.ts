import type { ChannelKey, ColumnKey, DetectedLayout } from './layout'
import { parseMachineName, parseSensorId } from './names'
import { isBlankCell, parseStrictNumber, strictNumberOrNaN, trimCell, type NumberProblemCode } from './numbers'

/** Why a cell that `strictNumberOrNaN` refused is not a number. */
const numberProblem = (cell: string): NumberProblemCode => {
  const r = parseStrictNumber(cell)
  return r.ok ? 'not_a_number' : r.code
}
import { isValidTimeZone, parseCollectedAt } from './timestamp'

/**
 * Row-by-row validation of a vibration CSV (streaming: nothing but per-recording counters is kept).
 *
 * Create one `RowValidator` per file with the layout from `detectLayout`, then `push` every data row with its 1-based
 * line number (for a headerless file that includes the first row, line 1). Each call returns the parsed row, a
 * problem, or 'blank' for an empty line (papaparse yields `['']` for a trailing newline; blank lines are skipped
 * silently, they are not problems).
 *
 * Checks, in this order; the first failing check rejects the row (one problem per row):
 * 1. `wrong_column_count`: fewer cells than the layout's columns, or non-empty cells beyond them (extra empty trailing
 *    cells from a trailing delimiter are tolerated);
 * 2. identity columns, when the layout has them: `bad_machine`, `bad_sensor`, `bad_date` (collected_at);
 * 3. time, then each channel: `not_a_number` / `not_finite` (see `parseStrictNumber`);
 * 4. `time_not_increasing`: the time must be strictly greater than the previous ACCEPTED row's time of the same
 *    recording (whole file for `recording`; per (machine, sensor, collected_at) for `table`/`single` with those
 *    columns). Rejected rows do not move the reference.
 *
 * Accepted rows get `sampleIndex` 0, 1, 2 … per recording, counting accepted rows only, so the indexes of a
 * recording are contiguous. The identity of a stored sample is (recording, channel, sampleIndex) — never the float
 * time. `recording` is the 0-based order in which recordings first appear in the file.
 *
 * Problems are kept in a list capped at `maxProblems` (default 100); `problemCount` counts all of them.
 */

/** Row problem codes. */
export type RowProblemCode =
  | 'not_a_number'
  | 'not_finite'
  | 'time_not_increasing'
  | 'bad_date'
  | 'bad_machine'
  | 'bad_sensor'
  | 'wrong_column_count'

/** A rejected row. */
export interface RowProblem {
  kind: 'problem'
  /** 1-based line number as given to `push`. */
  line: number
  /** 1-based column number; null for whole-row problems (`wrong_column_count`). */
  column: number | null
  /** Which column it is; null for whole-row problems. */
  field: ColumnKey | null
  code: RowProblemCode
  /** The offending cell text, trimmed and cut to 40 characters (for display; render escaped). */
  text?: string
  /** `wrong_column_count`: cells found and expected. */
  found?: number
  expected?: number
}

/** An accepted row. */
export interface ValidRow {
  kind: 'row'
  line: number
  /** 0-based recording ordinal within the file. */
  recording: number
  /** 0-based sample index within the recording. */
  sampleIndex: number
  /** Time column value (seconds in the KAMP data). */
  time: number
  /** Channel values in the order of `layout.channels`. */
  values: number[]
  /** Canonical machine name / sensor id / collected_at epoch ms, when the layout has those columns. */
  machine: string | null
  sensor: string | null
  collectedAt: number | null
}

/** An empty line. */
export interface BlankRow {
  kind: 'blank'
  line: number
}

export type PushResult = ValidRow | RowProblem | BlankRow

/** Per-recording totals. */
export interface RecordingSummary {
  recording: number
  machine: string | null
  sensor: string | null
  collectedAt: number | null
  sampleCount: number
  firstTime: number
  lastTime: number
  firstLine: number
  lastLine: number
}

/** Totals for the whole file. */
export interface ValidationSummary {
  acceptedRows: number
  blankRows: number
  problemCount: number
  /** The first `maxProblems` problems, in push order. */
  problems: RowProblem[]
  problemsTruncated: boolean
  channels: readonly ChannelKey[]
  recordings: RecordingSummary[]
}

/** Options of `RowValidator`. */
export interface RowValidatorOptions {
  layout: DetectedLayout
  /** Zone for `collected_at` values without an offset (default 'Asia/Seoul'). */
  timeZone?: string
  /** Cap of the kept problem list (default 100). */
  maxProblems?: number
}

export const DEFAULT_TIME_ZONE = 'Asia/Seoul'
export const DEFAULT_MAX_PROBLEMS = 100
const TEXT_MAX = 40

interface Identity {
  machine: string | null
  sensor: string | null
  collectedAt: number | null
}

/** Validates the rows of one file (see module comment). */
export class RowValidator {
  private readonly layout: DetectedLayout
  private readonly timeZone: string
  private readonly maxProblems: number
  private readonly channelColumns: number[]
  private readonly recordingsByKey = new Map<string, RecordingSummary>()
  private readonly problemList: RowProblem[] = []
  private totalProblems = 0
  private accepted = 0
  private blanks = 0

  constructor(options: RowValidatorOptions) {
    this.layout = options.layout
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
    this.maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS
    if (!isValidTimeZone(this.timeZone)) throw new RangeError(`unknown time zone: ${this.timeZone}`)
    if (!Number.isInteger(this.maxProblems) || this.maxProblems < 0) throw new RangeError('maxProblems must be ≥ 0')
    if (options.layout.columnIndex.time === undefined) throw new RangeError('layout without a time column')
    this.channelColumns = options.layout.channels.map((ch) => {
      const index = options.layout.columnIndex[ch]
      if (index === undefined) throw new RangeError(`layout without column ${ch}`)
      return index
    })
  }

  /** Validates one row; see the module comment for the order of checks. */
  push(row: readonly string[], lineNumber: number): PushResult {
    if (row.every(isBlankCell)) {
      this.blanks++
      return { kind: 'blank', line: lineNumber }
    }

    const expected = this.layout.columnCount
    if (row.length < expected || row.slice(expected).some((cell) => !isBlankCell(cell))) {
      return this.problem({ line: lineNumber, column: null, field: null, code: 'wrong_column_count', found: row.length, expected })
    }

    const identity: Identity = { machine: null, sensor: null, collectedAt: null }
    const idx = this.layout.columnIndex
    if (idx.machine !== undefined) {
      identity.machine = parseMachineName(row[idx.machine])
      if (identity.machine === null) return this.cellProblem(lineNumber, 'machine', row, 'bad_machine')
    }
    if (idx.sensor !== undefined) {
      identity.sensor = parseSensorId(row[idx.sensor])
      if (identity.sensor === null) return this.cellProblem(lineNumber, 'sensor', row, 'bad_sensor')
    }
    if (idx.collectedAt !== undefined) {
      identity.collectedAt = parseCollectedAt(row[idx.collectedAt], this.timeZone)
      if (identity.collectedAt === null) return this.cellProblem(lineNumber, 'collectedAt', row, 'bad_date')
    }

    const timeValue = strictNumberOrNaN(row[idx.time as number])
    if (Number.isNaN(timeValue)) return this.cellProblem(lineNumber, 'time', row, numberProblem(row[idx.time as number]))
    const time = { value: timeValue }

    const values: number[] = []
    for (let c = 0; c < this.channelColumns.length; c++) {
      const cell = row[this.channelColumns[c]]
      const value = strictNumberOrNaN(cell)
      if (Number.isNaN(value)) return this.cellProblem(lineNumber, this.layout.channels[c], row, numberProblem(cell))
      values.push(value)
    }

    const key = `${identity.machine ?? ''}\u0000${identity.sensor ?? ''}\u0000${identity.collectedAt ?? ''}`
    let rec = this.recordingsByKey.get(key)
    if (rec && time.value <= rec.lastTime) return this.cellProblem(lineNumber, 'time', row, 'time_not_increasing')
    if (!rec) {
      rec = {
        recording: this.recordingsByKey.size,
        ...identity,
        sampleCount: 0,
        firstTime: time.value,
        lastTime: time.value,
        firstLine: lineNumber,
        lastLine: lineNumber,
      }
      this.recordingsByKey.set(key, rec)
    }
    const sampleIndex = rec.sampleCount
    rec.sampleCount++
    rec.lastTime = time.value
    rec.lastLine = lineNumber
    this.accepted++
    return { kind: 'row', line: lineNumber, recording: rec.recording, sampleIndex, time: time.value, values, ...identity }
  }

  /** Total problems so far (not capped). */
  get problemCount(): number {
    return this.totalProblems
  }

  /** Kept problems so far (capped at `maxProblems`). */
  get problems(): readonly RowProblem[] {
    return this.problemList
  }

  /** Totals so far (call after the last row). */
  summary(): ValidationSummary {
    return {
      acceptedRows: this.accepted,
      blankRows: this.blanks,
      problemCount: this.totalProblems,
      problems: [...this.problemList],
      problemsTruncated: this.totalProblems > this.problemList.length,
      channels: this.layout.channels,
      recordings: [...this.recordingsByKey.values()].map((r) => ({ ...r })),
    }
  }

  private cellProblem(line: number, field: ColumnKey, row: readonly string[], code: RowProblemCode): RowProblem {
    const index = this.layout.columnIndex[field] as number
    return this.problem({ line, column: index + 1, field, code, text: trimCell(row[index]).slice(0, TEXT_MAX) })
  }

  private problem(p: Omit<RowProblem, 'kind'>): RowProblem {
    const problem: RowProblem = { kind: 'problem', ...p }
    this.totalProblems++
    if (this.problemList.length < this.maxProblems) this.problemList.push(problem)
    return problem
  }
}

/** Functional alias: `createRowValidator(options)` ≡ `new RowValidator(options)`. */
export function createRowValidator(options: RowValidatorOptions): RowValidator {
  return new RowValidator(options)
}
