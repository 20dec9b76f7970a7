import { anyUser, type MatrixRow } from './common'

/**
 * Authorization matrix rows of the statistics module. Everyone signed in reads the dashboard and the statistics; the
 * `_index` and `statistics._index` GET rows are foundation rows (tests/support/authz-matrix.ts).
 */
export const statisticsRows: MatrixRow[] = [
  { route: 'statistics.export', method: 'GET', path: '/statistics/export?kind=daily', expect: anyUser },
]
