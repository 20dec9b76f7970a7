// Temporary re-export barrel (issue #14, phase 1): the code lives in app/models/vibration/diagnosis-*.server.ts.
export { isChannel } from '~/domain/vibration/diagnosis'
export { latestDiagnoses, type LatestDiagnosis } from './vibration/diagnosis-latest.server'
export {
  decodeDiagnosisCursor,
  encodeDiagnosisCursor,
  listDiagnoses,
  type DiagnosisCursor,
  type DiagnosisFilter,
  type DiagnosisListRow,
} from './vibration/diagnosis-list.server'
export {
  machineChannelSummaries,
  machineDiagnosisContext,
  machineWindows,
  type TimelineFilter,
  type TimelineWindowRow,
} from './vibration/diagnosis-timeline.server'
export {
  getRecordingInfo,
  recordingChannelSummaries,
  recordingWindows,
  windowView,
  type ChannelSummaryRow,
  type RecordingInfo,
  type WindowRow,
} from './vibration/diagnosis-recording.server'
export { agreement, type AgreementRecording } from './vibration/diagnosis-agreement.server'
export { listRuns, type RunRow } from './vibration/diagnosis-runs.server'
