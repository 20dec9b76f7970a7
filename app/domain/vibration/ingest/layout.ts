import { isStrictNumber, trimCell } from './numbers'
import { echoCell } from './records'

/**
 * CSV layout detection from the first parsed row.
 *
 * Layouts:
 * - `recording`: one recording per file, five columns time, normal, type1, type2, type3 — headerless (five numbers)
 *   or with a header `Time, Normal, Type 1, Type 2, Type 3` / `measured_time, normal, unbalance, looseness,
 *   unbalance_looseness` (the two spellings may be mixed).
 * - `table`: the previous system's export, eight columns in any order: machine_name, sensor_no, collected_at,
 *   measured_time, normal, unbalance, looseness, unbalance_looseness. Several recordings per file, one per
 *   (machine, sensor, collected_at).
 * - `single`: one channel, `measured_time, value`, optionally with machine_name, sensor_no and collected_at (grouped
 *   like the table layout when present). Headerless two-number rows are read as (time, value).
 *
 * Header names are matched case-, space-, '_'/'-' and BOM-insensitively ("Type 1" = "type_1" = "TYPE1").
 *
 * Channel mapping (KAMP rotating-machine dataset): normal = "Normal"; type1 = "Type 1" = unbalance;
 * type2 = "Type 2" = looseness; type3 = "Type 3" = unbalance + looseness.
 *
 * Decision for the first row:
 * 1. trailing empty cells (a trailing delimiter) are ignored; nothing left → 'empty';
 * 2. if any cell is a known header name, the row is a header (unknown cells → 'unknown_header');
 * 3. else if the first cell is a number, the row is data: 5 cells → recording, 2 → single, other → 'wrong_column_count'
 *    (other bad cells of that row are reported by the row validator, the caller pushes it as line 1);
 * 4. else → 'unknown_header'.
 */

/** A waveform channel. `value` is the single-channel layout's only channel. */
export type ChannelKey = 'normal' | 'type1' | 'type2' | 'type3' | 'value'
/** A recognised column. */
export type ColumnKey = 'time' | ChannelKey | 'machine' | 'sensor' | 'collectedAt'
/** File layouts. */
export type LayoutKind = 'recording' | 'table' | 'single'

/** The four channels of a recording / table file, in value order. */
const RECORDING_CHANNELS = ['normal', 'type1', 'type2', 'type3'] as const satisfies readonly ChannelKey[]
/** The single-channel layout's channel list. */
const SINGLE_CHANNELS = ['value'] as const satisfies readonly ChannelKey[]

/** Canonical column names per layout (used in 'missing_column' errors; the UI may show them verbatim). */
const COLUMN_NAMES: Record<LayoutKind, Partial<Record<ColumnKey, string>>> = {
  recording: { time: 'time', normal: 'normal', type1: 'type1', type2: 'type2', type3: 'type3' },
  table: {
    machine: 'machine_name',
    sensor: 'sensor_no',
    collectedAt: 'collected_at',
    time: 'measured_time',
    normal: 'normal',
    type1: 'unbalance',
    type2: 'looseness',
    type3: 'unbalance_looseness',
  },
  single: { machine: 'machine_name', sensor: 'sensor_no', collectedAt: 'collected_at', time: 'measured_time', value: 'value' },
}

/** Normalised header spelling → column. */
const HEADER_ALIASES: Record<string, ColumnKey> = {
  time: 'time',
  measuredtime: 'time',
  normal: 'normal',
  type1: 'type1',
  unbalance: 'type1',
  type2: 'type2',
  looseness: 'type2',
  type3: 'type3',
  unbalancelooseness: 'type3',
  value: 'value',
  machinename: 'machine',
  machine: 'machine',
  sensorno: 'sensor',
  sensor: 'sensor',
  collectedat: 'collectedAt',
}

const REQUIRED: Record<LayoutKind, readonly ColumnKey[]> = {
  recording: ['time', 'normal', 'type1', 'type2', 'type3'],
  table: ['machine', 'sensor', 'collectedAt', 'time', 'normal', 'type1', 'type2', 'type3'],
  single: ['time', 'value'],
}
const ALLOWED: Record<LayoutKind, ReadonlySet<ColumnKey>> = {
  recording: new Set(REQUIRED.recording),
  table: new Set(REQUIRED.table),
  single: new Set<ColumnKey>(['time', 'value', 'machine', 'sensor', 'collectedAt']),
}

/** A detected layout. `columnIndex` values are 0-based cell indexes. */
export interface DetectedLayout {
  ok: true
  layout: LayoutKind
  hasHeader: boolean
  /** Number of meaningful columns; rows may carry extra empty trailing cells. */
  columnCount: number
  columnIndex: Partial<Record<ColumnKey, number>>
  /** Channels in the order of `values` in validated rows. */
  channels: readonly ChannelKey[]
}

/** Why the first row is not a supported layout. */
export type LayoutErrorCode = 'empty' | 'unknown_header' | 'missing_column' | 'duplicate_column' | 'wrong_column_count'

/** A layout error. */
export interface LayoutError {
  ok: false
  code: LayoutErrorCode
  /** unknown/duplicate: the header text as written (trimmed); missing: the canonical column name. */
  column?: string
  /** 1-based column number of an unknown/duplicate header cell. */
  columnNumber?: number
  /** wrong_column_count: cells found and the counts that would be accepted. */
  found?: number
  expected?: number[]
}

export type LayoutResult = DetectedLayout | LayoutError

/** Normalised header spelling: no BOM, quotes, whitespace, '_' or '-'; lower case. */
function normalizeHeaderName(cell: string): string {
  return trimCell(cell)
    .replace(/^"(.*)"$/, '$1')
    .replace(/[\s_\-\uFEFF]+/g, '')
    .toLowerCase()
}

/** The column a header cell names, or null. */
function headerColumn(cell: string): ColumnKey | null {
  return HEADER_ALIASES[normalizeHeaderName(cell)] ?? null
}

/** Cells without the trailing empty ones (a trailing delimiter yields an empty last cell). */
export function meaningfulCells(row: readonly string[]): readonly string[] {
  let end = row.length
  while (end > 0 && trimCell(row[end - 1]) === '') end--
  return end === row.length ? row : row.slice(0, end)
}

function channelsOf(layout: LayoutKind): readonly ChannelKey[] {
  return layout === 'single' ? SINGLE_CHANNELS : RECORDING_CHANNELS
}

/** Detects the layout of a file from its first parsed row (see module comment). */
export function detectLayout(firstRow: readonly string[]): LayoutResult {
  const cells = meaningfulCells(firstRow)
  if (cells.length === 0) return { ok: false, code: 'empty' }

  const isHeader = cells.some((c) => headerColumn(c) !== null)
  if (!isHeader) {
    if (!isStrictNumber(cells[0])) {
      return { ok: false, code: 'unknown_header', column: echoCell(trimCell(cells[0])), columnNumber: 1 }
    }
    if (cells.length === 5 || cells.length === 2) {
      const layout: LayoutKind = cells.length === 5 ? 'recording' : 'single'
      const columnIndex: Partial<Record<ColumnKey, number>> = {}
      REQUIRED[layout].forEach((key, i) => (columnIndex[key] = i))
      return { ok: true, layout, hasHeader: false, columnCount: cells.length, columnIndex, channels: channelsOf(layout) }
    }
    return { ok: false, code: 'wrong_column_count', found: cells.length, expected: [5, 2] }
  }

  const columnIndex: Partial<Record<ColumnKey, number>> = {}
  for (let i = 0; i < cells.length; i++) {
    const key = headerColumn(cells[i])
    if (key === null) return { ok: false, code: 'unknown_header', column: echoCell(trimCell(cells[i])), columnNumber: i + 1 }
    if (columnIndex[key] !== undefined) {
      return { ok: false, code: 'duplicate_column', column: echoCell(trimCell(cells[i])), columnNumber: i + 1 }
    }
    columnIndex[key] = i
  }

  const has = (k: ColumnKey): boolean => columnIndex[k] !== undefined
  const layout: LayoutKind = has('value')
    ? 'single'
    : has('machine') || has('sensor') || has('collectedAt')
      ? 'table'
      : 'recording'

  // Columns that do not belong to the chosen layout (e.g. 'normal' next to 'value').
  for (let i = 0; i < cells.length; i++) {
    const key = headerColumn(cells[i]) as ColumnKey
    if (!ALLOWED[layout].has(key)) return { ok: false, code: 'unknown_header', column: echoCell(trimCell(cells[i])), columnNumber: i + 1 }
  }
  for (const key of REQUIRED[layout]) {
    if (!has(key)) return { ok: false, code: 'missing_column', column: COLUMN_NAMES[layout][key] }
  }
  return { ok: true, layout, hasHeader: true, columnCount: cells.length, columnIndex, channels: channelsOf(layout) }
}

/**
 * Delimiter of a raw first line: ';' when the line has a semicolon outside double quotes, else ','.
 * Any unquoted semicolon wins because semicolon files often use decimal commas ("0,5;1,2"), which would otherwise
 * out-count the semicolons; comma files essentially never contain bare semicolons.
 */
export function detectDelimiter(firstLine: string): ',' | ';' {
  let inQuotes = false
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes // a doubled quote "" toggles twice: still correct
    else if (ch === ';' && !inQuotes) return ';'
  }
  return ','
}
