// Temporary re-export barrel (issue #14, phase 1): the code lives in app/models/vibration/diagnosis-*.server.ts.
export { DOMAIN_UNIT, MAX_ATTEMPTS } from './vibration/diagnosis-execute.server'
export { claimNextRun, drainDiagnosisQueue, enqueueDiagnosis, processNextRun, requeueInterruptedRuns, RUN_LEASE_MS } from './vibration/diagnosis-queue.server'
export { diagnoseAfterImport, INLINE_MAX_VALUES, rediagnose, type RediagnoseTarget } from './vibration/diagnosis-dispatch.server'
export { clearBaseline, markBaseline, type MarkBaselineResult } from './vibration/diagnosis-baselines.server'
export { startDiagnosisWorker, stopDiagnosisWorker } from './vibration/diagnosis-worker.server'
export { wakeDiagnosisWorker } from './vibration/diagnosis-wake.server'
