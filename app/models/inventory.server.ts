// TEMPORARY barrel (issue #14, phase 1): the inventory model now lives in ./inventory/*. Import from those modules.
export { tidy } from '~/domain/inventory/tidy'
export { type Filament, type Spool } from './inventory/shapes.server'
export { changeFilament, createFilament, getFilament, listFilaments, type FilamentInput, type FilamentResult } from './inventory/filaments.server'
export {
  changeSpool,
  createSpool,
  getSpool,
  listSpools,
  spoolFacets,
  type CreateSpoolResult,
  type SpoolEdit,
  type SpoolFilters,
  type SpoolInput,
  type SpoolResult,
} from './inventory/spools.server'
export { changeStock, spoolUsageHistory, type StockChangeInput, type UsageEntry } from './inventory/stock.server'
export { consumeFilament, returnFilamentForJob, type ConsumeFilamentInput } from './inventory/filament-use.server'
export { inventoryOutlook, plannedFilamentUse, type OutlookData } from './inventory/outlook.server'
