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
  cell: (row: Row, index: number) => ReactNode
}

/** The chart tables' column shape (kept as a name for the statistics code). */
export type TableColumn<Row> = Column<Row> & { header: string }

type ColumnLook = Pick<Column<unknown>, 'numeric' | 'nowrap' | 'className'>
type ColumnId = Pick<Column<unknown>, 'key' | 'header'>

const cellClass = (c: ColumnLook, pad: string) =>
  [pad, c.numeric ? 'text-right tabular-nums' : '', c.nowrap ? 'whitespace-nowrap' : '', c.className ?? ''].filter(Boolean).join(' ')

const keyOf = (c: ColumnId, i: number) => c.key ?? (typeof c.header === 'string' ? c.header : String(i))

/**
 * The one data table: a header row, one row per item, an empty-state row, horizontal scrolling inside its own box (never
 * the page). `rowHeader` makes the first cell of each row a `<th scope="row">` (tables that carry a chart's numbers).
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
}) {
  const pad = size === 'sm' ? 'py-1 pr-3' : 'py-2 pr-3'
  return (
    <div className={`overflow-x-auto ${className}`}>
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
                    <th key={keyOf(c, i)} scope="row" className={`${cellClass(c, pad)} font-normal`}>
                      {c.cell(r, ri)}
                    </th>
                  ) : (
                    <td key={keyOf(c, i)} className={cellClass(c, pad)}>
                      {c.cell(r, ri)}
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
