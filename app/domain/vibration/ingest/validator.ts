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
const DEFAULT_MAX_PROBLEMS = 100
const TEXT_MAX = 40

interface Identity {
  /** Map key of the recording. */
  key: string
  machine: string | null
  sensor: string | null
  collectedAt: number | null
}

/** `RowValidator.accept`: the row is empty (no problem, nothing stored). */
export const ROW_BLANK = -1
/** `RowValidator.accept`: the row was rejected (see `RowValidator.lastProblem`). */
export const ROW_PROBLEM = -2

/** Validates the rows of one file (see module comment). */
export class RowValidator {
  private readonly layout: DetectedLayout
  private readonly timeZone: string
  private readonly maxProblems: number
  private readonly channelColumns: number[]
  private readonly timeColumn: number
  private readonly hasIdentity: boolean
  private readonly recordingsByKey = new Map<string, RecordingSummary>()
  private readonly problemList: RowProblem[] = []
  private totalProblems = 0
  private accepted = 0
  private blanks = 0
  // The identity cells of the previous row and what they parsed to: a table export repeats them row after row.
  private lastCells: [string | undefined, string | undefined, string | undefined] = [undefined, undefined, undefined]
  private lastIdentity: Identity | null = null
  private current: RecordingSummary | null = null
  private readonly scratch: Float64Array
  /** The rejected row of the last `accept` that returned `ROW_PROBLEM`. */
  lastProblem: RowProblem | null = null
  /** The recording of the last accepted row (identity, counts so far). */
  lastRecording: RecordingSummary | null = null
  /** The sample index of the last accepted row within its recording. */
  lastSampleIndex = -1

  constructor(options: RowValidatorOptions) {
    this.layout = options.layout
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
    this.maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS
    if (!isValidTimeZone(this.timeZone)) throw new RangeError(`unknown time zone: ${this.timeZone}`)
    if (!Number.isInteger(this.maxProblems) || this.maxProblems < 0) throw new RangeError('maxProblems must be ≥ 0')
    if (options.layout.columnIndex.time === undefined) throw new RangeError('layout without a time column')
    this.timeColumn = options.layout.columnIndex.time
    this.channelColumns = options.layout.channels.map((ch) => {
      const index = options.layout.columnIndex[ch]
      if (index === undefined) throw new RangeError(`layout without column ${ch}`)
      return index
    })
    const idx = options.layout.columnIndex
    this.hasIdentity = idx.machine !== undefined || idx.sensor !== undefined || idx.collectedAt !== undefined
    this.scratch = new Float64Array(1 + this.channelColumns.length)
  }

  /** Validates one row; see the module comment for the order of checks. */
  push(row: readonly string[], lineNumber: number): PushResult {
    const out = this.scratch
    const recording = this.accept(row, lineNumber, out)
    if (recording === ROW_BLANK) return { kind: 'blank', line: lineNumber }
    if (recording === ROW_PROBLEM) return this.lastProblem!
    const rec = this.lastRecording!
    const values = Array.from(out.subarray(1))
    return { kind: 'row', line: lineNumber, recording, sampleIndex: this.lastSampleIndex, time: out[0], values, machine: rec.machine, sensor: rec.sensor, collectedAt: rec.collectedAt }
  }

  /**
   * The import loop's allocation-free twin of `push` (same checks, same bookkeeping). Accepted: writes the time to
   * `out[0]` and the channel values to `out[1…]` (layout order) and returns the recording ordinal (≥ 0); its identity
   * and the sample index are in `lastRecording` / `lastSampleIndex`. Otherwise `ROW_BLANK`, or `ROW_PROBLEM` with the
   * problem in `lastProblem`.
   */
  accept(row: readonly string[], lineNumber: number, out: Float64Array): number {
    const n = row.length
    if (n === 0 || isBlankCell(row[0])) {
      let blank = true
      for (let i = 1; i < n && blank; i++) blank = isBlankCell(row[i])
      if (blank) {
        this.blanks++
        return ROW_BLANK
      }
    }

    const expected = this.layout.columnCount
    let countOk = n >= expected
    for (let i = expected; i < n && countOk; i++) countOk = isBlankCell(row[i])
    if (!countOk) return this.reject({ line: lineNumber, column: null, field: null, code: 'wrong_column_count', found: n, expected })

    let rec = this.current
    if (this.hasIdentity) {
      const identity = this.identityOf(row, lineNumber)
      if (identity === null) return ROW_PROBLEM
      if (identity !== this.lastIdentity || rec === null) {
        this.lastIdentity = identity
        rec = this.recordingsByKey.get(identity.key) ?? null
        this.current = rec
      }
    }

    const timeCell = row[this.timeColumn]
    const time = strictNumberOrNaN(timeCell)
    if (Number.isNaN(time)) return this.rejectCell(lineNumber, 'time', row, numberProblem(timeCell))
    out[0] = time
    const columns = this.channelColumns
    for (let c = 0; c < columns.length; c++) {
      const cell = row[columns[c]]
      const value = strictNumberOrNaN(cell)
      if (Number.isNaN(value)) return this.rejectCell(lineNumber, this.layout.channels[c], row, numberProblem(cell))
      out[c + 1] = value
    }

    if (rec !== null && time <= rec.lastTime) return this.rejectCell(lineNumber, 'time', row, 'time_not_increasing')
    if (rec === null) {
      const identity = this.lastIdentity ?? { key: '', machine: null, sensor: null, collectedAt: null }
      rec = {
        recording: this.recordingsByKey.size,
        machine: identity.machine,
        sensor: identity.sensor,
        collectedAt: identity.collectedAt,
        sampleCount: 0,
        firstTime: time,
        lastTime: time,
        firstLine: lineNumber,
        lastLine: lineNumber,
      }
      this.recordingsByKey.set(identity.key, rec)
      this.current = rec
    }
    this.lastSampleIndex = rec.sampleCount
    rec.sampleCount++
    rec.lastTime = time
    rec.lastLine = lineNumber
    this.accepted++
    this.lastRecording = rec
    return rec.recording
  }

  /** The row's identity (machine, sensor, collected_at), or null after reporting the first bad one. */
  private identityOf(row: readonly string[], line: number): Identity | null {
    const idx = this.layout.columnIndex
    const m = idx.machine !== undefined ? row[idx.machine] : undefined
    const s = idx.sensor !== undefined ? row[idx.sensor] : undefined
    const d = idx.collectedAt !== undefined ? row[idx.collectedAt] : undefined
    const last = this.lastCells
    if (this.lastIdentity !== null && m === last[0] && s === last[1] && d === last[2]) return this.lastIdentity
    const machine = m === undefined ? null : parseMachineName(m)
    if (m !== undefined && machine === null) return this.badIdentity(line, row, 'machine', 'bad_machine')
    const sensor = s === undefined ? null : parseSensorId(s)
    if (s !== undefined && sensor === null) return this.badIdentity(line, row, 'sensor', 'bad_sensor')
    const collectedAt = d === undefined ? null : parseCollectedAt(d, this.timeZone)
    if (d !== undefined && collectedAt === null) return this.badIdentity(line, row, 'collectedAt', 'bad_date')
    this.lastCells = [m, s, d]
    return { key: `${machine ?? ''}\u0000${sensor ?? ''}\u0000${collectedAt ?? ''}`, machine, sensor, collectedAt }
  }

  private badIdentity(line: number, row: readonly string[], field: ColumnKey, code: RowProblemCode): null {
    this.rejectCell(line, field, row, code)
    return null
  }

  private reject(p: Omit<RowProblem, 'kind'>): number {
    this.lastProblem = this.problem(p)
    return ROW_PROBLEM
  }

  private rejectCell(line: number, field: ColumnKey, row: readonly string[], code: RowProblemCode): number {
    this.lastProblem = this.cellProblem(line, field, row, code)
    return ROW_PROBLEM
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
