/** Fuzzing of the scheduling and vibration forms, of /api/v1 and of the live-printer connection (see forms.fuzz.test.ts for what is checked). */
import { describe } from 'vitest'
import { fuzzSuite } from './support/suite'
import { accountTargets } from './targets/account'
import { apiTargets } from './targets/api'
import { printerLiveTargets } from './targets/printer-live'
import { scheduleTargets } from './targets/schedule'
import { vibrationTargets } from './targets/vibration'

describe('fuzz: scheduling, vibration, /api/v1', () => {
  fuzzSuite([...scheduleTargets, ...vibrationTargets, ...apiTargets, ...accountTargets, ...printerLiveTargets])
})
