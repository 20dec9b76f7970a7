// Temporary re-export barrel (issue #14, phase 1): the filters are pure and live in app/domain/vibration/filters.ts.
export { diagnosisFilterFromSearch, filterFromSearch } from '~/domain/vibration/filters'
