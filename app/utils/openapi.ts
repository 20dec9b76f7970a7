/**
 * The OpenAPI 3.0 description of /api/v1 (served by api.v1.openapi[.]json.ts, rendered by api.v1.docs.tsx). Every
 * api.v1.* resource route must appear in `paths` (tests/integration/vibration-api.test.ts checks it).
 */

export interface OpenApiParameter {
  name: string
  in: 'query' | 'header' | 'path'
  required?: boolean
  description: string
  schema: Record<string, unknown>
}

export interface OpenApiOperation {
  summary: string
  description: string
  operationId: string
  tags: string[]
  security: Record<string, string[]>[]
  parameters?: OpenApiParameter[]
  requestBody?: Record<string, unknown>
  responses: Record<string, { description: string; content?: Record<string, unknown> }>
}

const error = { $ref: '#/components/schemas/Error' }
const errors = {
  '401': { description: 'No token, or an unknown or revoked token.', content: { 'application/json': { schema: error } } },
  '403': { description: 'The token lacks the scope.', content: { 'application/json': { schema: error } } },
}

const printerParam: OpenApiParameter = { name: 'assetId', in: 'path', required: true, description: 'The printer’s asset id (the label on it; case-insensitive).', schema: { type: 'string' } }

const sampleRow = {
  type: 'object',
  description: 'One sample in the previous system’s row shape; a single-channel recording fills `value`, a four-channel one the other four.',
  properties: {
    machine_name: { type: 'string' },
    sensor_no: { type: 'string' },
    collected_at: { type: 'string', format: 'date-time' },
    measured_time: { type: 'number' },
    normal: { type: 'number', nullable: true },
    unbalance: { type: 'number', nullable: true },
    looseness: { type: 'number', nullable: true },
    unbalance_looseness: { type: 'number', nullable: true },
    value: { type: 'number', nullable: true },
  },
}

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'MES Lite REST API',
    version: '1.0.0',
    description: 'Vibration data and diagnosis for gateways and analysis tools, and live printer state and connections. Authorization: Bearer <token> (tokens are made by admins under Administration → API tokens).',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token; read scope for GET, write scope for POST and PUT.' } },
    schemas: {
      Error: {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
      },
      SampleRow: sampleRow,
      Problem: {
        type: 'object',
        properties: {
          line: { type: 'integer', nullable: true, description: 'CSV line (for a JSON body: array index + 2; line 1 is the header).' },
          column: { type: 'integer', nullable: true },
          field: { type: 'string', nullable: true },
          code: { type: 'string' },
          text: { type: 'string' },
        },
      },
      ImportReport: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          status: { type: 'string', enum: ['succeeded', 'failed', 'duplicate'] },
          rows_imported: { type: 'integer' },
          rows_skipped: { type: 'integer' },
          recording_count: { type: 'integer' },
          problem_count: { type: 'integer' },
          problems: { type: 'array', items: { $ref: '#/components/schemas/Problem' } },
          message: { type: 'string', nullable: true },
        },
      },
      Diagnosis: {
        type: 'object',
        description:
          'One diagnosed window of one channel. machine_name, detected_at and fault_type are the previous system’s fields. A window is judged against a baseline (the recording’s own Normal channel, or the sensor’s marked or provisional baseline learned from its first data), else by its ISO 20816-3 zone when the machine’s unit and ISO group/foundation are known; otherwise it is not judged: status "no_baseline", fault_type, fault and confidence null, and the reason names what is missing. A fault is never called from the spectrum’s shape alone.',
        properties: {
          id: { type: 'string', format: 'uuid' },
          machine_name: { type: 'string' },
          detected_at: { type: 'string', format: 'date-time', description: 'End of the window on the wall clock.' },
          fault_type: { type: 'integer', enum: [0, 1, 2, 3], nullable: true, description: '0 normal, 1 unbalance, 2 looseness, 3 both; null when status is no_baseline.' },
          fault: { type: 'string', enum: ['normal', 'unbalance', 'looseness', 'both'], nullable: true, description: 'fault_type in words; null when status is no_baseline.' },
          status: { type: 'string', enum: ['diagnosed', 'no_baseline'], description: 'no_baseline: nothing to judge the window against (no baseline, and the unit or ISO group/foundation unknown).' },
          basis: {
            type: 'string',
            enum: ['baseline', 'iso', 'none'],
            nullable: true,
            description: 'What it was judged by: a baseline (with the sensor’s alarm bands), its ISO 20816-3 zone, or nothing (no_baseline). Null for results stored before engine rules-2.0.',
          },
          machine_id: { type: 'string', format: 'uuid' },
          sensor_no: { type: 'string' },
          channel: { type: 'string', enum: ['normal', 'type1', 'type2', 'type3', 'value'] },
          recording_id: { type: 'string', format: 'uuid' },
          window_index: { type: 'integer' },
          window_start: { type: 'string', format: 'date-time' },
          window_end: { type: 'string', format: 'date-time' },
          confidence: { type: 'number', minimum: 0, maximum: 1, nullable: true, description: 'Null when status is no_baseline.' },
          iso_zone: { type: 'string', enum: ['A', 'B', 'C', 'D', 'not_zoned'], description: 'ISO 20816-3 zone of the window’s broadband velocity; not_zoned when the unit or the machine group/foundation is unknown.' },
          velocity_rms_mms: { type: 'number', nullable: true, description: 'Broadband velocity RMS 10–1000 Hz, mm/s.' },
          reason: {
            type: 'string',
            description:
              'One line for a technician, e.g. "1X at 14× floor, 3.1× baseline, 2X/1X 0.08, no harmonic series, 1X 2.6× its upper band (0.412) → unbalance", or "no baseline, signal unit unknown, ISO group/foundation not set → not judged".',
          },
          reason_detail: {
            type: 'object',
            description:
              'The numbers behind the reason: ratios to the noise floor and baseline, harmonic counts, crest, kurtosis; `code` (a fault or "no_baseline"), `basis`, `bands` (each alarm band crossed: feature rms/oneX/twoX/crest/kurtosis, side above/below, value, limit, ratio = how far outside), `withinBands` (a fault pattern inside every band: called normal), `zone` and `velocityRms` (judged by ISO zone), `missing` (baseline, unit, iso_class).',
          },
          features: { type: 'object', description: 'Window features: rms, peak, crest, kurtosis, noiseFloor, shaftHz, speedSource, orders (0.5X…8X), velocityRms.' },
          engine_version: { type: 'string' },
          diagnosed_at: { type: 'string', format: 'date-time' },
        },
      },
      MachineLatestDiagnosis: {
        type: 'object',
        properties: {
          machine_id: { type: 'string', format: 'uuid' },
          machine_name: { type: 'string' },
          latest: {
            allOf: [{ $ref: '#/components/schemas/Diagnosis' }],
            nullable: true,
            description: 'The newest diagnosed window (ties: the worst fault, a judged window before a no_baseline one); null before the first diagnosis. Its status no_baseline means the machine needs a baseline.',
          },
        },
      },
      PrinterLive: {
        type: 'object',
        description: 'A printer’s live state as its connector last reported it; "offline" when it has not been heard from for 30 s.',
        required: ['state', 'progress', 'remainingSeconds', 'file', 'nozzleC', 'bedC', 'lastSeenAt', 'message'],
        properties: {
          state: { type: 'string', enum: ['idle', 'printing', 'paused', 'finished', 'error', 'offline'] },
          progress: { type: 'number', minimum: 0, maximum: 1, nullable: true, description: 'Fraction done, 0..1.' },
          remainingSeconds: { type: 'integer', minimum: 0, nullable: true, description: 'Time left as the printer reports it (Moonraker: estimated from time printed and progress).' },
          file: { type: 'string', nullable: true, description: 'The file or project being printed (Bambu: the project name).' },
          nozzleC: { type: 'number', nullable: true, description: 'Nozzle temperature, °C.' },
          bedC: { type: 'number', nullable: true, description: 'Bed temperature, °C.' },
          lastSeenAt: { type: 'string', format: 'date-time', nullable: true, description: 'Last message from the printer.' },
          message: { type: 'string', nullable: true, description: 'The printer’s own words (an error, "cancelled").' },
        },
      },
      PrinterConnectionInput: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { type: 'string', enum: ['none', 'moonraker', 'octoprint', 'bambu'] },
          host: { type: 'string', maxLength: 253, description: 'Host name or IP address (no scheme, path or port). Required unless type is none.' },
          port: { type: 'integer', minimum: 1, maximum: 65535, nullable: true, description: 'Default: Moonraker 7125 (443 with TLS), OctoPrint 80/443, Bambu 1883/8883.' },
          tls: { type: 'boolean', description: 'Default: true for bambu, false otherwise.' },
          serial: { type: 'string', nullable: true, description: 'Bambu: the printer’s serial (letters and digits). Secret: absent keeps, null removes.' },
          accessCode: { type: 'string', nullable: true, description: 'Bambu: the LAN access code. Secret: absent keeps, null removes.' },
          apiKey: { type: 'string', nullable: true, description: 'OctoPrint (required) or Moonraker (optional) API key. Secret: absent keeps, null removes.' },
        },
      },
      PrinterConnection: {
        type: 'object',
        description: 'A printer’s connection without its secrets: `secretsSet` says which are stored.',
        properties: {
          type: { type: 'string', enum: ['none', 'moonraker', 'octoprint', 'bambu'] },
          host: { type: 'string' },
          port: { type: 'integer', nullable: true },
          tls: { type: 'boolean' },
          secretsSet: { type: 'object', additionalProperties: { type: 'boolean' }, description: 'e.g. {"serial": true, "accessCode": true}' },
          version: { type: 'integer' },
          updatedAt: { type: 'string', format: 'date-time', nullable: true },
        },
      },
      Machine: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          location: { type: 'string' },
          description: { type: 'string' },
          nominal_rpm: { type: 'integer', nullable: true },
          signal_unit: { type: 'string' },
          baseline_seconds: { type: 'integer', description: 'How much of a sensor’s first data its automatic provisional baseline is learned from, seconds (default 600).' },
          sensors: { type: 'array', items: { type: 'string' } },
          recording_count: { type: 'integer' },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/machines': {
      get: {
        summary: 'List machines',
        description: 'All machines with their sensors and number of recordings.',
        operationId: 'listMachines',
        tags: ['machines'],
        security: [{ bearer: ['read'] }],
        responses: {
          '200': { description: 'The machines.', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Machine' } } } } } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
    '/api/v1/vibration-data': {
      get: {
        summary: 'Read samples',
        description:
          'Samples, newest recording first and by sample index within a recording. Keyset pages: pass `next_cursor` as `after` to get the next page. Only samples still stored are listed: raw samples are kept VIBRATION_RAW_RETENTION_DAYS (default 90) days; the diagnoses of every window stay (GET /api/v1/vibration-diagnosis).',
        operationId: 'listSamples',
        tags: ['vibration-data'],
        security: [{ bearer: ['read'] }],
        parameters: [
          { name: 'machine', in: 'query', description: 'Machine id or name (case-insensitive).', schema: { type: 'string' } },
          { name: 'sensor', in: 'query', description: 'Sensor ("1", "S1").', schema: { type: 'string' } },
          { name: 'recording', in: 'query', description: 'Recording id.', schema: { type: 'string', format: 'uuid' } },
          { name: 'from', in: 'query', description: 'collected_at from (inclusive); ISO 8601, shop time zone when no offset is given.', schema: { type: 'string' } },
          { name: 'to', in: 'query', description: 'collected_at until (inclusive).', schema: { type: 'string' } },
          { name: 'after', in: 'query', description: 'The `next_cursor` of the previous page.', schema: { type: 'string' } },
          { name: 'limit', in: 'query', description: 'Rows per page, 1–5000 (default 1000).', schema: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 } },
        ],
        responses: {
          '200': {
            description: 'One page.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { data: { type: 'array', items: { $ref: '#/components/schemas/SampleRow' } }, next_cursor: { type: 'string', nullable: true } },
                },
              },
            },
          },
          '400': { description: 'A malformed parameter.', content: { 'application/json': { schema: error } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
      post: {
        summary: 'Import samples',
        description:
          'A CSV file as the body (`text/csv`, streamed; same layouts, validation and idempotency as the upload page), or a JSON array of rows in the table-export shape (`application/json`). All or nothing.',
        operationId: 'importSamples',
        tags: ['vibration-data'],
        security: [{ bearer: ['write'] }],
        parameters: [
          { name: 'machine', in: 'query', description: 'Machine for a file whose rows do not name it (recording or single-channel layout).', schema: { type: 'string' } },
          { name: 'sensor', in: 'query', description: 'Sensor for such a file.', schema: { type: 'string' } },
          { name: 'recorded_at', in: 'query', description: 'Start of such a recording (default: now).', schema: { type: 'string' } },
          { name: 'file_name', in: 'query', description: 'Name shown in the import history (default api.csv / api.json).', schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/json': {
              schema: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['machine_name', 'sensor_no', 'collected_at', 'measured_time', 'normal', 'unbalance', 'looseness', 'unbalance_looseness'],
                  properties: {
                    machine_name: { type: 'string' },
                    sensor_no: { type: 'string' },
                    collected_at: { type: 'string' },
                    measured_time: { type: 'number' },
                    normal: { type: 'number' },
                    unbalance: { type: 'number' },
                    looseness: { type: 'number' },
                    unbalance_looseness: { type: 'number' },
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'Imported.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportReport' } } } },
          '200': { description: 'Already imported: nothing was added.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportReport' } } } },
          '400': { description: 'Problems (line, column, code); nothing was stored.', content: { 'application/json': { schema: error } } },
          '413': { description: 'The body is larger than the upload cap.', content: { 'application/json': { schema: error } } },
          '415': { description: 'Neither text/csv nor application/json.', content: { 'application/json': { schema: error } } },
          '503': { description: 'The database is read-only or short of resources (Retry-After); nothing was stored.', content: { 'application/json': { schema: error } } },
          '507': { description: "The server's storage is full; nothing was stored.", content: { 'application/json': { schema: error } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
    '/api/v1/vibration-diagnosis': {
      get: {
        summary: 'Read diagnoses',
        description: 'Diagnosed windows, newest first (detected_at, then id). Keyset pages: pass `next_cursor` as `after` to get the next page.',
        operationId: 'listDiagnoses',
        tags: ['vibration-diagnosis'],
        security: [{ bearer: ['read'] }],
        parameters: [
          { name: 'machine', in: 'query', description: 'Machine id or name (case-insensitive).', schema: { type: 'string' } },
          { name: 'sensor', in: 'query', description: 'Sensor ("1", "S1").', schema: { type: 'string' } },
          { name: 'channel', in: 'query', description: 'normal, type1, type2, type3 or value.', schema: { type: 'string', enum: ['normal', 'type1', 'type2', 'type3', 'value'] } },
          { name: 'recording', in: 'query', description: 'Recording id.', schema: { type: 'string', format: 'uuid' } },
          { name: 'fault_type', in: 'query', description: '0 normal, 1 unbalance, 2 looseness, 3 both.', schema: { type: 'integer', enum: [0, 1, 2, 3] } },
          { name: 'status', in: 'query', description: 'diagnosed, or no_baseline (windows not judged for want of a baseline).', schema: { type: 'string', enum: ['diagnosed', 'no_baseline'] } },
          { name: 'from', in: 'query', description: 'detected_at from (inclusive); ISO 8601, shop time zone when no offset is given.', schema: { type: 'string' } },
          { name: 'to', in: 'query', description: 'detected_at until (inclusive).', schema: { type: 'string' } },
          { name: 'after', in: 'query', description: 'The `next_cursor` of the previous page.', schema: { type: 'string' } },
          { name: 'limit', in: 'query', description: 'Rows per page, 1–1000 (default 100).', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: {
          '200': {
            description: 'One page.',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Diagnosis' } }, next_cursor: { type: 'string', nullable: true } } },
              },
            },
          },
          '400': { description: 'A malformed parameter.', content: { 'application/json': { schema: error } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
    '/api/v1/machines/diagnosis/latest': {
      get: {
        summary: 'Latest diagnosis of every machine',
        description: 'Every machine with its newest diagnosed window (one index probe per machine).',
        operationId: 'latestDiagnoses',
        tags: ['vibration-diagnosis'],
        security: [{ bearer: ['read'] }],
        responses: {
          '200': { description: 'The machines.', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/MachineLatestDiagnosis' } } } } } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
    '/api/v1/machines/{name}/diagnosis/latest': {
      get: {
        summary: 'Latest diagnosis of a machine',
        description: 'One machine (by name, case-insensitive, or id) with its newest diagnosed window.',
        operationId: 'latestDiagnosis',
        tags: ['vibration-diagnosis'],
        security: [{ bearer: ['read'] }],
        parameters: [{ name: 'name', in: 'path', required: true, description: 'Machine name or id.', schema: { type: 'string' } }],
        responses: {
          '200': { description: 'The machine and its latest diagnosis.', content: { 'application/json': { schema: { $ref: '#/components/schemas/MachineLatestDiagnosis' } } } },
          '404': { description: 'No such machine.', content: { 'application/json': { schema: error } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
    '/api/v1/printers/{assetId}/connection': {
      put: {
        summary: 'Set a printer’s connection',
        description:
          'Type (none, moonraker, octoprint, bambu), host, port, TLS and the secrets the type needs (OctoPrint: apiKey; Bambu: serial and accessCode; Moonraker: optional apiKey). Secrets are stored encrypted and never returned. Changing the type or the host forgets the stored secrets, so they must be sent again. Audited.',
        operationId: 'putPrinterConnection',
        tags: ['printers'],
        security: [{ bearer: ['write'] }],
        parameters: [printerParam],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PrinterConnectionInput' } } } },
        responses: {
          '200': {
            description: 'Saved (or unchanged).',
            content: { 'application/json': { schema: { type: 'object', properties: { connection: { $ref: '#/components/schemas/PrinterConnection' }, changed: { type: 'boolean' } } } } },
          },
          '400': { description: 'Malformed body, or settings refused (`problems`: field and code).', content: { 'application/json': { schema: error } } },
          '404': { description: 'No printer with this asset id.', content: { 'application/json': { schema: error } } },
          '413': { description: 'Body larger than 16 KiB.', content: { 'application/json': { schema: error } } },
          '415': { description: 'Not application/json.', content: { 'application/json': { schema: error } } },
          '503': { description: 'The server has no PRINTER_SECRET_KEY.', content: { 'application/json': { schema: error } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
    '/api/v1/printers/{assetId}/live': {
      get: {
        summary: 'A printer’s live state',
        description: 'State, progress, time left, temperatures and last contact, as the printer connection last reported them (the same on every app instance).',
        operationId: 'getPrinterLive',
        tags: ['printers'],
        security: [{ bearer: ['read'] }],
        parameters: [printerParam],
        responses: {
          '200': { description: 'The live state.', content: { 'application/json': { schema: { $ref: '#/components/schemas/PrinterLive' } } } },
          '404': { description: 'No printer with this asset id (`not_found`), or it has no connection (`not_connected`).', content: { 'application/json': { schema: error } } },
          ...errors,
        },
      } satisfies OpenApiOperation,
    },
  } as Record<string, Partial<Record<'get' | 'post' | 'put', OpenApiOperation>>>,
}
