// TEMPORARY barrel (issue #14, phase 1): the printers model now lives in ./printers/*. Import from those modules.
export { DEFAULT_INTERVALS } from '~/domain/printers/default-intervals'
export { type PrinterChangeResult, type PrinterView } from './printers/rows.server'
export { changePrinter, createPrinter, getPrinter, listPrinters, type PrinterInput } from './printers/printers.server'
export {
  latestEntriesByType,
  listIntervals,
  listMaintenanceLog,
  logMaintenance,
  replaceIntervals,
  type LogMaintenanceResult,
  type MaintenanceEntryView,
  type NewMaintenanceEntry,
} from './printers/maintenance.server'
export { addWindow, deleteWindow, listWindows, type MaintenanceWindowView } from './printers/windows.server'
export { fleetOverview, printerDetail, printerJobsForUtilisation, type FleetRow, type PrinterDetail } from './printers/overview.server'
