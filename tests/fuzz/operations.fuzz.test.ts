/** Fuzzing of the scheduling and vibration forms and of /api/v1 (see forms.fuzz.test.ts for what is checked). */
import { describe } from 'vitest'
import { fuzzSuite } from './support/suite'
import { apiTargets } from './targets/api'
import { scheduleTargets } from './targets/schedule'
import { vibrationTargets } from './targets/vibration'

describe('fuzz: scheduling, vibration, /api/v1', () => {
  fuzzSuite([...scheduleTargets, ...vibrationTargets, ...apiTargets])
})
