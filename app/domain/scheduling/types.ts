/**
 * Input and output types of the finite-capacity auto-scheduler (see README.md in this folder for the rules).
 *
 * Conventions: ids are strings; instants are UTC `Date`s; durations are milliseconds; filament masses are integer
 * milligrams. Every interval is half-open: [start, end).
 */

/** Half-open span of UTC instants [start, end). Structurally identical to `Interval` of `../time/intervals`. */
export interface TimeSpan {
  start: Date
  end: Date
}

/** An order with units still to plan. */
export interface SchedulerOrder {
  id: string
  productId: string
  /** Integer; HIGHER = more urgent. Orders are planned in priority order, so higher priority takes capacity first. */
  priority: number
  /** Instant the order is due; null = no due date (planned after dated orders of the same priority). */
  dueDate: Date | null
  createdAt: Date
  /**
   * Units still to plan, already computed by the caller (target − stock − produced − units in printing/done/locked jobs).
   * Fractions are floored; zero or negative means nothing to plan.
   */
  remainingUnits: number
}

export interface SchedulerProduct {
  id: string
  /** Print time of one FULL plate, in minutes (rounded up to whole minutes by the scheduler). */
  minutesPerPlate: number
  /** Units printed on one full plate (≥ 1). */
  unitsPerPlate: number
  /** Material key, e.g. 'PLA'. Matched case-insensitively against printers' supported materials. */
  material: string
  /** Colour / filament key (informative for the scheduler: carried into jobs and the filament summary). */
  colour: string
  /** Filament per unit, integer milligrams. */
  gramsPerUnitMg: number
}

export interface SchedulerPrinter {
  id: string
  /** Materials this printer can print (case-insensitive). EMPTY = any material. */
  supportedMaterials: ReadonlyArray<string>
  /** Minimum gap, in minutes, between the end of one job and the start of the next on this printer. */
  changeoverMinutes: number
  /**
   * AVAILABLE intervals (calendar minus maintenance/non-working time), sorted and merged where touching. The scheduler
   * re-sorts and merges defensively, so unsorted input is tolerated.
   */
  available: ReadonlyArray<TimeSpan>
}

/** A job the scheduler must plan around (printing, locked, or otherwise kept). */
export interface FixedJob {
  id?: string
  printerId: string
  start: Date
  end: Date
}

/** How long a partial last plate (fewer units than `unitsPerPlate`) is assumed to print. */
export type PartialPlateTiming =
  /** Same time as a full plate (default; conservative: the slot also fits a full plate). */
  | 'full'
  /** `minutesPerPlate × units ÷ unitsPerPlate`, rounded up to whole minutes. */
  | 'proportional'

export interface ScheduleOptions {
  /** Default 'full'. */
  partialPlateTiming?: PartialPlateTiming
  /** How long after its planned start a not-yet-started kept job still keeps its slot (default 15, see keep.ts). */
  keepGraceMinutes?: number
}

export interface ScheduleInput {
  /** Current instant. Jobs start no earlier than `now` rounded up to the next whole minute. */
  now: Date
  /** End of the planning horizon (exclusive; callers usually pass now + 90 days). Every job ends ≤ horizonEnd. */
  horizonEnd: Date
  orders: ReadonlyArray<SchedulerOrder>
  products: ReadonlyArray<SchedulerProduct>
  printers: ReadonlyArray<SchedulerPrinter>
  fixedJobs: ReadonlyArray<FixedJob>
  /**
   * Stored planned jobs the plan may KEEP where they are when they are still valid (see keep.ts): only the rest of
   * each order is planned around them. Omitted = plan everything afresh.
   */
  keep?: ReadonlyArray<ExistingPlannedJob>
  /** End of the window the per-printer load covers (default `horizonEnd`; clipped to it), e.g. now + 7 days. */
  loadUntil?: Date
  options?: ScheduleOptions
}

/** One plate the scheduler proposes. */
export interface PlannedJob {
  orderId: string
  productId: string
  printerId: string
  start: Date
  end: Date
  /** 1 ≤ units ≤ unitsPerPlate; only the last plate of an order may be partial. */
  units: number
  /** 1-based position of this job among the PLANNED jobs of its printer, in time order (fixed jobs not counted). */
  sequence: number
  /** 1-based plate number within its order, in planning (= finish-time) order; kept jobs first, in start order. */
  plateIndex: number
  /** Id of the stored job this is, when the plan kept it in its slot (`input.keep`). */
  keptId?: string
  material: string
  colour: string
  /** units × gramsPerUnitMg, integer milligrams. */
  filamentMg: number
}

export type UnscheduledReason =
  /** No printer supports the product's material. */
  | 'no_compatible_printer'
  /** A plate is longer than every free interval of every compatible printer, so it can never fit. */
  | 'plate_longer_than_any_window'
  /** Compatible printers have no room left before the horizon end. */
  | 'horizon_full'
  /** The product is missing or has a non-positive time / units per plate (data error). */
  | 'invalid_product'

export interface UnscheduledOrder {
  orderId: string
  /** Units that could not be planned within the horizon. */
  units: number
  reason: UnscheduledReason
}

export interface LateOrder {
  orderId: string
  /** End of the order's last planned job. */
  projectedFinish: Date
  dueDate: Date
  /** projectedFinish − dueDate, ms (> 0). */
  latenessMs: number
  /** False when some units are also unscheduled (the real finish is later still). */
  fullyScheduled: boolean
}

/** Outcome of every order that had units to plan, in planning (rank) order. */
export interface OrderOutcome {
  orderId: string
  /** 1-based position in the planning order. */
  rank: number
  plannedUnits: number
  unscheduledUnits: number
  plates: number
  /** End of the last planned job, null when nothing was planned. */
  projectedFinish: Date | null
  dueDate: Date | null
  /** projectedFinish − dueDate (may be ≤ 0 = early); null without a due date or without planned jobs. */
  latenessMs: number | null
}

export interface PrinterLoad {
  printerId: string
  /** Available time within [now, loadUntil) (loadUntil defaults to horizonEnd). */
  availableMs: number
  /** Planned job time (new and kept jobs, always inside available time) within [now, loadUntil). */
  plannedMs: number
  /** Fixed job time inside available time within [now, loadUntil) (overlapping fixed jobs counted once). */
  fixedMs: number
  /** (planned + fixed) ÷ available × 100; null when the printer has no available time. */
  loadPct: number | null
}

export interface FilamentDemand {
  material: string
  colour: string
  /** Filament of all planned jobs of this material/colour, integer milligrams. */
  mg: number
}

export interface ScheduleResult {
  /** Sorted by start, then printer id, then order id. */
  jobs: PlannedJob[]
  /** Sorted by lateness (largest first), then order id. */
  late: LateOrder[]
  /** In planning (rank) order. */
  unscheduled: UnscheduledOrder[]
  /** In planning (rank) order. */
  orders: OrderOutcome[]
  /** Sorted by printer id. */
  load: PrinterLoad[]
  /** Sorted by material, then colour. */
  filament: FilamentDemand[]
}

/** A planned job already stored (from a previous "Apply"), for `diffPlans`. */
export interface ExistingPlannedJob {
  id: string
  orderId: string
  printerId: string
  start: Date
  end: Date
  units: number
}
