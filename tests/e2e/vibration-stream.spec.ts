import mqtt from 'mqtt'
import { expect, test } from './fixtures'
import { RECORDING_SPAN_MS } from '../../app/domain/vibration/stream/continuity'
import { generateWindow } from '../fixtures/vibration/generator'
import { login, tabletScreenshots, tag } from './helpers'

// Issue #19 item 4: a gateway streams one sensor over MQTT to the broker the server subscribes to (the shared Mosquitto,
// under this run's own topic prefix: playwright.config.ts). A planner lets streams create the machines they name; the
// stream's machine appears with a "Live" badge, its page shows the stream (receiving, samples, judged windows) and,
// after a gap and a malformed message, what went wrong. With JavaScript the page follows new windows without a reload.

const RATE = 1360
const PER_MESSAGE = 680

async function gateway() {
  const client = await mqtt.connectAsync(process.env.E2E_MQTT_URL!, { reconnectPeriod: 0, connectTimeout: 5000 })
  return client
}

function payload(values: Float64Array, seq: number, t0Ms: number) {
  const part = Array.from(values.subarray(seq * PER_MESSAGE, (seq + 1) * PER_MESSAGE))
  return JSON.stringify({ seq, t0: new Date(t0Ms + (seq * PER_MESSAGE * 1000) / RATE).toISOString(), rateHz: RATE, values: part })
}

test('a sensor streaming over MQTT: its machine is made, judged window by window, and its gaps and refused messages are shown', async ({ page, baseURL }, info) => {
  test.setTimeout(120_000)
  const t = tag(info)
  const machine = `stream${t}`
  const topic = `${process.env.E2E_VIBRATION_PREFIX}/${machine}/1`
  let client: mqtt.MqttClient
  try {
    client = await gateway()
  } catch {
    test.skip(true, `no MQTT broker at ${process.env.E2E_MQTT_URL} (.ci/run starts one)`)
    return
  }
  try {
    await login(page)
    // A planner lets live streams create the machines they name (off by default).
    await page.goto('/vibration/machines')
    const flag = page.getByTestId('stream-machines')
    await flag.getByLabel('없는 설비 새로 만들기').check()
    await flag.getByRole('button', { name: '저장' }).click()
    await expect(page.getByTestId('toast')).toContainText('이제 실시간 스트림이 없는 설비를 새로 만듭니다.')
    await expect(page.getByTestId('stream-machines').getByLabel('없는 설비 새로 만들기')).toBeChecked()

    // 12 s of a healthy machine, as it happens (the samples end now).
    const values = generateWindow('normal', { machineSeed: 12, seed: 3, samples: 24 * PER_MESSAGE, shaftHz: 27, sampleRate: RATE }).values
    // Within one 5-minute span of the clock (a stream's recordings end at :00, :05, …): 12.5 s from t0.
    let t0 = Date.now() - 20_000
    if (Math.floor(t0 / RECORDING_SPAN_MS) !== Math.floor((t0 + 12_500) / RECORDING_SPAN_MS)) t0 = Math.floor((t0 + 12_500) / RECORDING_SPAN_MS) * RECORDING_SPAN_MS
    for (let seq = 0; seq < 20; seq++) await client.publishAsync(topic, payload(values, seq, t0), { qos: 1 })

    await expect(async () => {
      await page.goto('/vibration/diagnosis')
      await expect(page.getByTestId('machine-tile').filter({ hasText: machine }).getByTestId('live-badge')).toContainText('실시간', { timeout: 1000 })
    }).toPass({ timeout: 20_000 })
    await page.getByTestId('machine-tile').filter({ hasText: machine }).getByRole('link', { name: machine }).click()
    const stream = page.getByTestId('live-stream').filter({ hasText: '센서 1' })
    await expect(stream).toContainText('수신 중')
    await expect(stream).toContainText((20 * PER_MESSAGE).toLocaleString('ko-KR'))
    await expect(stream).toContainText('1,360 Hz')
    await expect(page.getByTestId('fault-timeline')).toBeVisible()

    // Two messages never arrive, and one is no JSON: a gap naming them, and a refused message with its reason.
    await client.publishAsync(topic, '{"seq": 22, "t0": "yesterday"}', { qos: 1 })
    await client.publishAsync(topic, payload(values, 22, t0), { qos: 1 })
    await client.publishAsync(topic, payload(values, 23, t0), { qos: 1 })
    if (info.project.name === 'js-on') {
      // The open page follows the stream by itself (server-sent events), no reload.
      await expect(stream).toContainText('메시지 20–21 누락 (2개)', { timeout: 20_000 })
    } else {
      await expect(async () => {
        await page.reload()
        await expect(stream).toContainText('메시지 20–21 누락 (2개)', { timeout: 1000 })
      }).toPass({ timeout: 20_000 })
    }
    await expect(stream).toContainText('마지막으로 거부한 이유: t0가 ISO-8601 시각이 아님')
    if (info.project.name === 'js-on') {
      await tabletScreenshots(page, baseURL!, 'vibration-stream', 'machine')
      await page.goto('/vibration/diagnosis')
      await tabletScreenshots(page, baseURL!, 'vibration-stream', 'overview')
      await page.goto('/vibration/machines')
      await tabletScreenshots(page, baseURL!, 'vibration-stream', 'machines')
    }
  } finally {
    await client.endAsync()
  }
})
