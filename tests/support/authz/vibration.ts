import type { MatrixRow } from './common'

/** Authorization matrix rows of the vibration module's routes. */
export const vibrationRows: MatrixRow[] = []
