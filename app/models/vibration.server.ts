// Temporary re-export barrel (issue #14, phase 1): the code lives in app/models/vibration/ and app/domain/vibration/.
export { failAbandonedImports, importVibrationFile, type ImportOutcome } from './vibration/import-file.server'
export { type ImportRequest } from './vibration/import-run.server'
export { createMachine, getMachine, listMachines, listSensors, updateMachine, type MachineInput, type MachineSummary } from './vibration/machines.server'
export { getImport, listImports, type ImportListItem } from './vibration/import-history.server'
export { type SampleFilter } from '~/domain/vibration/filters'
export {
  countSamples,
  decodeCursor,
  encodeCursor,
  listRecordings,
  listSamples,
  SAMPLE_COLUMNS,
  type Cursor,
  type SamplePage,
  type SampleRow,
} from './vibration/samples.server'
export { exportSamplesCsv } from './vibration/sample-export.server'
export { readRecordingChannels, type RecordingChannels } from './vibration/recording-samples.server'
