/**
 * What the fuzzer types into fields: hostile values (random and unicode strings, huge/negative/NaN numbers, HTML, SQL and
 * CSV-formula payloads, very long text, broken dates and ids) and, per field name, plausible values that get past the
 * first validation so the deep paths run too. A value may be a reference (`ref('version')`) that the target resolves
 * against the database just before the request (the record's current version, an existing spool's id …).
 */
import fc from 'fast-check'
import { CALENDAR_PRESET_IDS, MAINTENANCE_TYPES, PRINTER_STATUSES } from '~/domain/printers'
import { locales } from '~/i18n'
import { roles } from '~/utils/permissions'

/** A file part of a multipart form. */
export interface FileValue {
  file: 'png' | 'junk' | 'html' | 'empty' | 'huge' | 'text'
  name: string
  /** The content of a 'text' file. */
  text?: string
}
export interface RefValue {
  ref: string
}
export type FieldValue = string | RefValue | FileValue
export type Entries = [string, FieldValue][]

export const ref = (name: string): RefValue => ({ ref: name })
export const isRef = (v: FieldValue): v is RefValue => typeof v === 'object' && 'ref' in v
export const isFile = (v: FieldValue): v is FileValue => typeof v === 'object' && 'file' in v

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
const special = fc.constantFrom(
  '\u0000',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\u0301',
  '\r',
  '\n',
  '\t',
  '"',
  "'",
  '\\',
  ';',
  ',',
  '%',
  '&',
  '=',
  '<',
  '>',
  '한',
  '🖨️',
  '👩‍🔧',
  'م',
  '\u{10FFFF}',
)

/** Random strings over every kind of code unit: ASCII, full unicode, lone surrogates, controls and separators. */
export const randomText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.constantFrom('a', '1', ' ', '-', '.', ':'), special, loneSurrogate), maxLength: 30 }),
)

export const numberish = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e308',
    '1e309',
    '-1e309',
    '1e-400',
    '9'.repeat(400),
    '-1',
    '-0',
    '0',
    '0.0',
    '00012',
    '2147483647',
    '2147483648',
    '-2147483649',
    '9007199254740993',
    '18446744073709551616',
    '0x10',
    '0b11',
    '1_000',
    '1,000',
    '1.005',
    '.5',
    '5.',
    '+5',
    ' 12 ',
    '12abc',
    '١٢',
    '１２',
    '½',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
  ),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.integer().map(String),
  fc.integer({ min: -5, max: 5 }).map(String),
)

export const payload = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  "' or 1=1--",
  "'; drop table users;--",
  '1; select pg_sleep(10)',
  '$1',
  '=HYPERLINK("http://evil.example","click")',
  '=cmd|\' /C calc\'!A0',
  '+SUM(1,1)',
  '-2+3',
  '@SUM(A1)',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'a\u0000b',
  '\u0000',
  '\uD800',
  'x\uDFFFy',
  'مرحبا\u202Eabc',
  '주문 한국어 테스트',
  '🖨️🧵👩‍🔧',
  'ｆｕｌｌｗｉｄｔｈ',
  'e\u0301\u0301\u0301',
  '\r\n\r\n',
  '   ',
  '',
)

export const longText = fc.oneof(
  fc.constantFrom(31, 33, 41, 61, 65, 81, 101, 121, 201, 256, 401, 501, 2001, 5000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(61, 121, 2001).map((n) => '한'.repeat(n)),
  fc.constantFrom(70_000).map((n) => 'y'.repeat(n)),
)

export const dateish = fc.oneof(
  fc.constantFrom(
    '2030-02-30',
    '2024-02-29',
    '2023-02-29',
    '0000-00-00',
    '0001-01-01',
    '9999-12-31',
    '2024-13-01',
    '2024-1-1',
    '20240101',
    '2024-01-01T25:61',
    '2024-01-01T23:59:60',
    '+275760-09-13',
    '-001-01-01',
    '1970-01-01T00:00',
    '2030-03-04 10:00',
    '2030-03-04T10:00:00Z',
    '2030-03-04T10:00+25:00',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16)),
)

export const idish = fc.oneof(
  fc.uuid().map(String),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '1', '-1', 'null', 'g0000000-0000-0000-0000-000000000000'),
  fc.uuid().map((u) => `${u}x`),
  fc.uuid().map((u) => u.toUpperCase()),
)

/** Anything hostile, for any field. */
export const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: randomText },
  { weight: 3, arbitrary: numberish },
  { weight: 3, arbitrary: payload },
  { weight: 1, arbitrary: longText },
  { weight: 1, arbitrary: dateish },
  { weight: 1, arbitrary: idish },
)

/** Puts one hostile character (or a payload) somewhere inside a value. */
export const poison: fc.Arbitrary<(v: string) => string> = fc
  .tuple(fc.oneof(special, loneSurrogate, payload), fc.nat())
  .map(([bad, at]) => (v: string) => v.slice(0, at % (v.length + 1)) + bad + v.slice(at % (v.length + 1)))

// ---- plausible values by field name ---------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0')
const shortText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Bench 3', '주문 A', 'Acme', 'Kim', 'note', '  spaced  out  ', 'A-1') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
)
const decimalText = (maxInt: number) =>
  fc.oneof(
    fc.integer({ min: 1, max: 10 ** Math.min(maxInt, 6) - 1 }).map(String),
    fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${pad(b)}`),
    fc.constantFrom('1.75', '2,85', '0.4', '1'),
  )
const grams = fc.oneof(fc.integer({ min: 0, max: 5000 }).map(String), fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `${a}.${b}`))
const smallInt = (min: number, max: number) => fc.integer({ min, max }).map(String)
/** A future local date (the 2030s) or, sometimes, a past one. */
export const localDate = fc
  .tuple(fc.integer({ min: 2020, max: 2035 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`)
export const pastLocalDate = fc
  .tuple(fc.integer({ min: 2015, max: 2024 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`)
/** "YYYY-MM-DDTHH:MM" (datetime-local) in 2030–2031, on the hour or half hour. */
export const localDateTime = fc
  .tuple(fc.integer({ min: 2030, max: 2031 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30))
  .map(([y, m, d, h, mi]) => `${y}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(mi)}`)
const dayRanges = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('', '00:00-24:00', '09:00-21:00', '09:00-12:00, 13:00-21:00', ' 8:30 - 17:00 ;') },
  { weight: 1, arbitrary: fc.constantFrom('9-17', '21:00-09:00', '09:00-12:00, 11:00-13:00', '24:00-25:00') },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 })).map(([a, b]) => `${pad(a)}:00-${pad(b)}:00`) },
)
const intervalNumber = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 6, arbitrary: smallInt(1, 2000) }, { weight: 1, arbitrary: fc.constantFrom('0', '-5', '1.5') })

/** Fields whose plausible values are a fixed set. */
const CHOICES: Record<string, readonly string[]> = {
  password: ['correct horse battery staple', 'Pa55word-long-enough', 'short'],
  role: roles,
  lang: locales,
  redirectTo: ['/', '/orders', '/orders?q=주문 한', '//evil.example', 'https://evil.example/', '/\\evil', '/\t/evil.example', 'javascript:alert(1)'],
  status: PRINTER_STATUSES,
  preset: CALENDAR_PRESET_IDS,
  type: MAINTENANCE_TYPES,
  nozzleDiameterMm: ['0.4', '0.6', '0.25', '1.2', '0.1', '2'],
  materials: ['PLA, PETG', 'PLA;TPU 95A', '', 'pla, PLA'],
  material: ['PLA', 'PETG', 'ABS', 'TPU', 'PLA+'],
  colourName: ['Black', 'Galaxy Blue', '흰색', 'Red'],
  brand: ['Acme', 'Prusament', 'eSun', '국산'],
  diameterMm: ['1.75', '2.85', '1,75'],
  densityGPerCm3: ['1.24', '1.27', '1,04'],
  wastePct: ['0', '5', '12.5', '100'],
  outcome: ['done', 'failed'],
  scope: ['read', 'write'],
  signalUnit: ['acceleration_ms2', 'acceleration_g', 'velocity_mms', 'unknown'],
  isoGroup: ['group1', 'group2', ''],
  isoFoundation: ['rigid', 'flexible', ''],
  sensors: ['1', '1, 2', 's1 s2', ''],
  channel: ['normal', 'type1', 'type2', 'type3', 'value'],
}

/** Plausible values for a field of this name (a reference where only the database knows a valid value). */
export function plausible(name: string): fc.Arbitrary<FieldValue> {
  if (name in CHOICES) return fc.constantFrom(...CHOICES[name])
  if (/^day[0-6]$/.test(name)) return dayRanges
  if (/^(hours|days)_/.test(name)) return intervalNumber
  switch (name) {
    case 'version':
      return fc.oneof({ weight: 8, arbitrary: fc.constant(ref('version')) }, { weight: 1, arbitrary: fc.constantFrom('0', '1', '999') })
    case 'username':
      return fc.oneof(fc.constantFrom('kim', 'Lee.Planner', 'op-1', 'a_b'), fc.stringMatching(/^[a-z0-9._-]{3,32}$/))
    case 'confirm':
      // Mostly the same as the password field of the same input.
      return fc.oneof({ weight: 4, arbitrary: fc.constant(ref('=password')) }, { weight: 1, arbitrary: fc.constantFrom('correct horse battery staple', 'other') })
    case 'displayName':
      return shortText
    case 'assetId':
      return fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,12}$/), fc.constantFrom('p-01', ' MK4-07 '))
    case 'changeoverMinutes':
      return smallInt(0, 1440)
    case 'printHours':
      return fc.oneof(smallInt(0, 20_000), fc.constantFrom('12.5', '0'))
    case 'purchaseDate':
    case 'receivedOn':
    case 'dueDate':
      return fc.oneof(localDate, fc.constant(''))
    case 'performedOn':
      return pastLocalDate
    case 'startsAt':
    case 'endsAt':
    case 'start':
    case 'end':
      return localDateTime
    case 'confirmWarnings':
    case 'locked':
    case 'removePhoto':
      return fc.constant('on')
    case 'colourHex':
      return fc.oneof(fc.constantFrom('#000000', '#FFaa00'), fc.stringMatching(/^#[0-9a-f]{6}$/))
    case 'costPerKg':
      return fc.oneof(decimalText(8), fc.constant(''))
    case 'lowStockGrams':
    case 'initialNetGrams':
    case 'remainingGrams':
    case 'tareGrams':
    case 'grossGrams':
    case 'grams':
      return grams
    case 'batch':
    case 'location':
    case 'reason':
    case 'note':
    case 'notes':
    case 'parts':
    case 'customer':
    case 'productNotes':
    case 'description':
      return shortText
    case 'name':
    case 'productName':
      // Mostly new names (names are unique), sometimes an existing one.
      return fc.oneof(
        fc.tuple(fc.constantFrom('Bracket', 'Hinge  v2', '  케이블 클립 ', 'Clip'), fc.nat({ max: 1_000_000 })).map(([a, b]) => `${a} ${b}`),
        fc.constantFrom('Bracket', 'Hinge  v2', '  케이블 클립 '),
        shortText,
      )
    case 'reference':
      return fc.oneof(fc.stringMatching(/^PO-[0-9]{1,6}$/), shortText)
    case 'targetQuantity':
      return smallInt(1, 500)
    case 'stockOnHand':
      return fc.oneof(smallInt(0, 50), fc.constant(''))
    case 'priority':
      return smallInt(0, 3)
    case 'gramsPerUnit':
      return decimalText(4)
    case 'printMinutesPerPlate':
      return smallInt(1, 600)
    case 'unitsPerPlate':
      return smallInt(1, 12)
    case 'units':
    case 'goodUnits':
    case 'scrapUnits':
      return smallInt(0, 8)
    case 'nominalRpm':
      return fc.oneof(smallInt(1, 6000), fc.constant(''))
    case 'sensor':
      return fc.oneof(fc.constant(ref('sensor')), fc.constantFrom('1', '2'))
    case 'machine':
      return fc.oneof(fc.constant(ref('machine')), fc.constantFrom('g1', 'press-2', '압축기'))
    case 'recordedAt':
      return fc.oneof(fc.constant(''), fc.constantFrom('2024-05-01 10:00:00', '2024-05-01T10:00'))
    default:
      // Ids of existing records (the target's context names them), else a fresh uuid.
      if (/Id$|^id$/.test(name)) return fc.oneof({ weight: 4, arbitrary: fc.constant(ref(name)) }, { weight: 1, arbitrary: fc.uuid().map(String) })
      return shortText
  }
}

/** Fields the fuzzer adds to every form to try mass assignment: none of them may change what is stored. */
export const EXTRA_FIELDS = ['role', 'version', 'createdBy', 'id', 'status', 'userId', 'createdAt', 'updatedAt', 'disabledAt', 'passwordHash', 'cancelledAt', 'photoId', 'tokenHash']

// ---- CSV files and bodies ---------------------------------------------------------------------------------------------

const number = fc.double({ min: -50, max: 50, noNaN: true }).map((v) => v.toFixed(4))
const cell = fc.oneof(
  { weight: 12, arbitrary: number },
  { weight: 1, arbitrary: hostile },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '1e400', '-0', '1,5', '"1.5"', '=HYPERLINK("http://evil.example")', '\u0000') },
)
/** CSV recordings in the importer's layouts (headerless five columns, the table export, a single channel), with hostile cells. */
export const csvText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom<'five' | 'table' | 'single' | 'header'>('five', 'table', 'single', 'header'),
    fc.oneof(
      // Clean numbers (the import goes through), or any cells.
      fc.array(fc.array(number, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 12 }),
    ),
    fc.constantFrom('\n', '\r\n', ';'),
    fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  )
  .map(([layout, rows, eol, shapeRows]) => {
    const header = { five: '', table: 'machine_name,sensor_no,collected_at,measured_time,normal,unbalance,looseness,unbalance_looseness', single: 'measured_time,value', header: 'Time;Normal;Type 1;Type 2;Type 3' }[layout]
    const width = { five: 5, table: 8, single: 2, header: 5 }[layout]
    const sep = layout === 'header' ? ';' : ','
    const lines = rows.map((r, i) => {
      // Mostly well-shaped rows (time increasing), so the importer gets past the layout check.
      const cells = shapeRows ? Array.from({ length: width }, (_, c) => r[c % r.length]) : r
      if (shapeRows) cells[0] = (i / 1360).toFixed(6)
      if (shapeRows && layout === 'table') cells.splice(0, 3, 'fuzz-up', '1', '2024-05-01 10:00:00')
      return cells.join(sep)
    })
    return [header, ...lines].filter((l, i) => i > 0 || l !== '').join(eol === ';' ? '\n' : eol) + (eol === ';' ? '' : eol)
  })

/** Upload parts for the vibration form: CSV text under various names, or junk. */
export const csvFile: fc.Arbitrary<FileValue> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(csvText, fc.constantFrom('g1_sensor1.csv', 'fuzz-up_sensor1.csv', 'data.csv', 'a\u0000b.csv', '../x.csv', '압축기_sensor2.csv', '')).map(([text, name]): FileValue => ({ file: 'text', name, text })) },
  { weight: 1, arbitrary: fc.constantFrom<FileValue>({ file: 'empty', name: 'empty.csv' }, { file: 'junk', name: 'x.csv' }, { file: 'html', name: 'x.csv' }) },
)
