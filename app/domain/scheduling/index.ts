/** Finite-capacity auto-scheduler and plan helpers (see README.md for the rules). */
export * from './types'
export { autoSchedule, defaultHorizonEnd, isPrinterCompatible, DEFAULT_HORIZON_DAYS } from './scheduler'
export { diffPlans, planFingerprint, fnv1a64, type FingerprintJob, type MovedJob, type PlanDiff, type UnchangedJob } from './diff'
export { reduceFuturePlannedJobs, type ReducibleJob, type ReduceResult } from './reduce'
export {
  findOverlaps,
  nextFreeSlot,
  type FindOverlapsOptions,
  type NextFreeSlotOptions,
  type Overlap,
  type OverlapJob,
  type OverlapKind,
} from './overlaps'
export { compareIds, compareOrdersForPlanning } from './ordering'
export { chunks } from './chunks'
export { dueInstant } from './due'
export { liveJobsInMaintenance } from './maintenance'
export { checkOutput, filamentUseMg, finishedAt, overproducedUnits, plannedGramsMg, type OutputProblem } from './output'
export { ordersToPlan, splitLiveJobs, toSchedulerProduct, type LiveJob, type OpenOrder } from './plan-input'
export {
  checkSlotPrinter,
  checkSlotTime,
  checkStart,
  slotSearchRange,
  type SlotProblem,
  type SlotShape,
  type SlotTimeInput,
  type StartProblem,
} from './slot'
