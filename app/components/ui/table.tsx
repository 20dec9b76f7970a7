import type { HTMLAttributes, ReactNode } from 'react'

export interface Column<Row> {
  /** Unique within the table (React key); defaults to the header when that is a string. */
  key?: string
  header: ReactNode
  /** Right-aligned with tabular figures (quantities, grams, percentages). */
  numeric?: boolean
  /** Never wraps: IDs, dates, badges, buttons. */
  nowrap?: boolean
  /** Extra classes for this column's cells. */
  className?: string
  /** In a card (`stack`): the whole width, not half of it (a progress bar, a long text). */
  wide?: boolean
  cell: (row: Row, index: number) => ReactNode
}

/** The chart tables' column shape (kept as a name for the statistics code). */
export type TableColumn<Row> = Column<Row> & { header: string }

type ColumnLook = Pick<Column<unknown>, 'numeric' | 'nowrap' | 'className'>
type ColumnId = Pick<Column<unknown>, 'key' | 'header'>

/** `.cell`/`.cell-sm` (padding) and `.num` (right-aligned tabular figures) live in app/styles.css: a statistics page has hundreds of cells. */
const cellClass = (c: ColumnLook, pad: string) =>
  [pad, c.numeric ? 'num' : '', c.nowrap ? 'whitespace-nowrap' : '', c.className ?? ''].filter(Boolean).join(' ')

const keyOf = (c: ColumnId, i: number) => c.key ?? (typeof c.header === 'string' ? c.header : String(i))

/**
 * The one data table: a header row, one row per item, an empty-state row, horizontal scrolling inside its own box (never
 * the page); a wide one becomes cards in portrait (`stack`). `rowHeader` makes the first cell of each row a `<th scope="row">` (tables that carry a chart's numbers).
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  empty,
  testId,
  rowHeader = false,
  size = 'base',
  rowProps,
  className = '',
  stack,
}: {
  columns: ReadonlyArray<Column<Row>>
  rows: ReadonlyArray<Row>
  rowKey: (row: Row, index: number) => string
  /** Read by screen readers only. */
  caption?: string
  /** Shown in a single row when there are no rows; omitted = an empty body. */
  empty?: ReactNode
  testId?: string
  rowHeader?: boolean
  size?: 'sm' | 'base'
  rowProps?: (row: Row, index: number) => HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | number | undefined }
  className?: string
  /**
   * Below 1024 px (a tablet in portrait) show each row as a card, every cell under its column's name, instead of a table
   * that scrolls sideways. Default: on for tables of six columns or more.
   */
  stack?: boolean
}) {
  const stacked = stack ?? columns.length >= 6
  // In a card the cell's content sits beside its label as one piece (text, links and badges keep flowing together). Plain
  // text already is one piece (one anonymous grid item in the card's shrinkable column): it needs no wrapper.
  const content = (c: Column<Row>, r: Row, ri: number) => {
    const value = c.cell(r, ri)
    return stacked && typeof value !== 'string' && typeof value !== 'number' ? <div className="min-w-0">{value}</div> : value
  }
  const label = (c: Column<Row>) => ({
    ...(typeof c.header === 'string' && c.header ? { 'data-label': c.header } : {}),
    ...(stacked && c.wide ? { 'data-wide': '' } : {}),
  })
  const pad = size === 'sm' ? 'cell-sm' : 'cell'
  return (
    <div className={`overflow-x-auto ${stacked ? 'data-table-stack' : ''} ${className}`}>
      <table className={`w-full text-left ${size === 'sm' ? 'text-sm' : ''}`} data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="text-sm text-slate-600">
          <tr>
            {columns.map((c, i) => (
              <th key={keyOf(c, i)} scope="col" className={cellClass({ numeric: c.numeric, nowrap: c.nowrap }, pad)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={size === 'sm' ? 'divide-y divide-slate-100' : 'divide-y divide-slate-200'}>
          {rows.length === 0 && empty !== undefined ? (
            <tr>
              <td colSpan={columns.length} className={`${pad} text-slate-600`}>
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r, ri) => (
              <tr key={rowKey(r, ri)} {...rowProps?.(r, ri)}>
                {columns.map((c, i) =>
                  rowHeader && i === 0 ? (
                    <th key={keyOf(c, i)} scope="row" className={`${cellClass(c, pad)} font-normal`} {...label(c)}>
                      {content(c, r, ri)}
                    </th>
                  ) : (
                    <td key={keyOf(c, i)} className={cellClass(c, pad)} {...label(c)}>
                      {content(c, r, ri)}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
