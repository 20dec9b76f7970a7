// Temporary re-export barrel (issue #14, phase 1): the code lives in app/models/vibration/, db/ and app/domain/vibration/.
export { type BlockRow, type BlockSink } from '~db/block-copy.server'
export { withRawTransaction } from '~db/raw-transaction.server'
export { csvRowChunks } from './vibration/import-csv.server'
export { type ImportRequest } from './vibration/import-run.server'
export { failAbandonedImports, importVibrationFile, type ImportOutcome } from './vibration/import-file.server'
export { bytesToFloats } from '~/domain/vibration/ingest'
