import type { MatrixRow } from './common'

/** Authorization matrix rows of the orders & products routes. */
export const ordersRows: MatrixRow[] = []
