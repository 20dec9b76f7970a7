import { parseMachineName, parseSensorId } from './names'

/**
 * Machine and sensor from an uploaded file's name: `<machine><sep>sensor<sep?><number>.csv`, where `<sep>` is '_',
 * '-' or spaces and the match is case-insensitive ("g1_sensor1.csv", "G2_Sensor_3.CSV", "machineA-sensor2.csv",
 * "press 4 sensor 12.csv"). A directory part (from old browsers or drag-and-drop paths) is ignored.
 *
 * The machine keeps the spelling of the file name ("G2"); matching against known machines is the caller's business
 * (case-insensitively, typically). It must be a valid machine name (see `parseMachineName`); the sensor number must
 * be 1–1000 and is returned canonical ("03" → "3"). Anything else → null (the user picks machine/sensor by hand).
 */

/** Machine and sensor parsed from a file name. */
export interface FileNameIdentity {
  machine: string
  sensor: string
}

const FILE_NAME_RE = /^(.+?)[\s_-]+sensor[\s_-]*(\d+)\.csv$/i

/** Parses a vibration file name (see module comment). */
export function parseVibrationFileName(fileName: string): FileNameIdentity | null {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  const m = FILE_NAME_RE.exec(base.trim())
  if (!m) return null
  const machine = parseMachineName(m[1])
  const sensor = parseSensorId(m[2])
  if (machine === null || sensor === null) return null
  return { machine, sensor }
}
