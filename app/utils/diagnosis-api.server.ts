/** The REST API's shape of a diagnosis (snake_case, the previous system's fields first; see app/utils/openapi.ts). */
import { FAULT_CODES, reasonText, type DiagnosisReason, type ReasonPhrase } from '~/domain/vibration/diagnosis'
import { translator, type MessageKey } from '~/i18n'
import type { DiagnosisListRow } from '~/models/vibration/diagnosis-list.server'

const en = translator('en')
const phrase = (p: ReasonPhrase, params?: Record<string, string | number>) => en(`vibration.reason.${p}` as MessageKey, params)

/** A stored diagnosis row (features optional: the "latest" answers leave them out). */
export type DiagnosisForApi = Omit<DiagnosisListRow, 'features' | 'reason'> & { reason: unknown; features?: unknown }

export function diagnosisJson(d: DiagnosisForApi) {
  return {
    id: d.id,
    machine_name: d.machineName,
    detected_at: d.detectedAt.toISOString(),
    // Null when the window was not judged (status 'no_baseline': no baseline and no ISO class to judge it by).
    fault_type: d.faultType,
    fault: d.faultType === null ? null : (FAULT_CODES[d.faultType] ?? null),
    status: d.status,
    machine_id: d.machineId,
    sensor_no: d.sensorNo,
    channel: d.channel,
    recording_id: d.recordingId,
    window_index: d.windowIndex,
    window_start: d.windowStart.toISOString(),
    window_end: d.windowEnd.toISOString(),
    confidence: d.confidence === null ? null : Math.round(d.confidence * 1000) / 1000,
    basis: (d.reason as DiagnosisReason).basis ?? null,
    iso_zone: d.isoZone,
    velocity_rms_mms: d.velocityRms,
    reason: reasonText(d.reason as DiagnosisReason, phrase),
    reason_detail: d.reason,
    ...(d.features !== undefined ? { features: d.features } : {}),
    engine_version: d.engineVersion,
    diagnosed_at: d.diagnosedAt.toISOString(),
  }
}
