import type { MatrixRow } from './common'

/** Authorization matrix rows of the inventory module's routes. */
export const inventoryRows: MatrixRow[] = []
