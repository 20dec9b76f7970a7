import type { MatrixRow } from './common'

/** Authorization matrix rows of the printers module's routes. */
export const printersRows: MatrixRow[] = []
