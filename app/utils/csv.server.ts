/**
 * CSV export helper for every module: spreadsheet-safe cells, UTF-8 with a BOM (so Excel opens Korean text correctly)
 * and CRLF line ends, as a download Response.
 *
 * Formula neutralisation (OWASP "CSV injection"): a TEXT cell that starts with = + - @, a tab or a carriage return is
 * prefixed with an apostrophe, so a spreadsheet shows it as text instead of evaluating it. Numbers (`number`/`bigint`)
 * are data, never formulas, and are written as they are — pass quantities as numbers, not strings, to keep "-3.5"
 * numeric. Dates are written as ISO 8601; null/undefined as an empty cell.
 */
import Papa from 'papaparse'

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

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString()
  return neutraliseCell(value)
}

/** Rows → CSV text (header line first, CRLF, every field quoted where needed by papaparse). No BOM. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  const data: string[][] = []
  for (const row of rows) data.push(columns.map((c) => cellText(c.value(row))))
  return Papa.unparse(
    { fields: columns.map((c) => neutraliseCell(c.header)), data },
    { newline: '\r\n', quotes: false, escapeFormulae: false, header: true },
  )
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
