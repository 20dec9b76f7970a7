/**
 * A mosquitto broker of a test's own (foreground, on a free port, in a temporary folder with its config), for the
 * MQTT tests that need what the shared anonymous broker on 127.0.0.1:1883 cannot give: TLS and a password file, or
 * persistence across a restart.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './printer-fakes'

export const hasMosquitto = spawnSync('mosquitto', ['-h']).error === undefined

export function reachable(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host)
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export class TestBroker {
  proc: ChildProcess | null = null

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /**
   * A broker listening on 127.0.0.1:<free port> with `conf` (given its folder) added to its config; `prepare` runs in
   * its folder first (certificates, password files). Started.
   */
  static async make(conf: (dir: string) => string[], prepare?: (dir: string) => void): Promise<TestBroker> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-mqtt-'))
    const broker = new TestBroker(await freePort(), dir)
    prepare?.(dir)
    const lines = [`listener ${broker.port} 127.0.0.1`, 'log_dest stderr', 'log_type error', ...conf(dir)]
    // Run as root (CI containers), mosquitto would switch to its own user, which cannot read these files.
    if (process.getuid?.() === 0) lines.push('user root')
    fs.writeFileSync(path.join(dir, 'mosquitto.conf'), lines.join('\n') + '\n')
    await broker.start()
    return broker
  }

  async start() {
    this.proc = spawn('mosquitto', ['-c', path.join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    this.proc.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    await until(`mosquitto on ${this.port} (${err})`, () => reachable(this.port), 10_000)
  }

  /** SIGKILL (a crash) or SIGTERM (a clean stop: mosquitto writes its persistence file, as a service restart does). */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') {
    const p = this.proc
    this.proc = null
    if (!p || p.exitCode !== null) return
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve())
      p.kill(signal)
    })
  }

  async destroy() {
    await this.stop()
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}
