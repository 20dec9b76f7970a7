/** Printer assets domain: calendars/capacity, maintenance due, utilisation. */
export * from './calendar'
export * from './maintenance'
export * from './utilisation'
export * from './period'
export * from './default-intervals'
export * from './group-by-printer'
export * from './bench'
