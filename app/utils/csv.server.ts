/**
 * CSV export helper for every module: spreadsheet-safe cells, UTF-8 with a BOM (so Excel opens Korean text correctly)
 * and CRLF line ends, as a download Response.
 *
 * Formula neutralisation (OWASP "CSV injection"): a TEXT cell that starts with = + - @, a tab or a carriage return is
 * prefixed with an apostrophe, so a spreadsheet shows it as text instead of evaluating it; a text cell that holds a
 * separator a spreadsheet might split on (`,` `;` tab) or a quote or line break is quoted, so "ACME;=cmd|…" stays one
 * cell that starts with "A" even where `;` is the list separator. Numbers (`number`/`bigint`) are data, never formulas,
 * and are written as they are — pass quantities as numbers, not strings, to keep "-3.5" numeric. Dates are written as
 * ISO 8601; null/undefined as an empty cell. Every CSV the app writes goes through this module (whole files with
 * `toCsv`, streamed exports line by line with `csvLine`).
 */

export type CsvCell = string | number | bigint | boolean | Date | null | undefined

export interface CsvColumn<Row> {
  header: string
  value: (row: Row) => CsvCell
}

const FORMULA_START = /^[=+\-@\t\r]/

/** Neutralises one text value (see the module comment). */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

const NEEDS_QUOTES = /[",;\t\r\n]|^ | $/

function textCell(value: string): string {
  const safe = neutraliseCell(value)
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One cell as it is written in the file (neutralised and quoted where needed). */
function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString()
  return textCell(value)
}

/** One line of cells, CRLF-terminated (for exports streamed page by page). */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}

/** Rows → CSV text (header line first, CRLF between lines, no trailing line end). No BOM. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  const lines = [columns.map((c) => textCell(c.header)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','))
  return lines.join('\r\n')
}

const BOM = '\uFEFF'

/** A download response: `text/csv; charset=utf-8`, BOM first, the file name given in ASCII and UTF-8 forms. */
export function csvResponse(filename: string, csv: string): Response {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return new Response(BOM + csv, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'no-store',
    },
  })
}
