// What the browser tests share: a tracker from the built jar on a free loopback port, Debian's
// Chromium driven by playwright-core (no browser download), and bounded waits.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { cdsArgs } from '../interop/cds.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const JAR = path.resolve(process.env.PAGES_TRACKER_JAR ?? path.join(HERE, '../tracker-service/target/hivecast-tracker.jar'))
const CHROMIUM = process.env.PAGES_CHROMIUM ?? '/usr/bin/chromium'
const START_MS = 60_000
const children = new Set()

// Whatever ends this process, no tracker it started keeps listening.
process.on('exit', () => { for (const child of children) child.kill('SIGKILL') })

/** Starts `java -jar` on 127.0.0.1, any free port; resolves with its http:// base once it listens. */
export async function startTracker (args = [], env = {}) {
  if (!fs.existsSync(JAR)) throw new Error(`${JAR} is missing: build it first (mvn -B -pl tracker-service -am package -DskipTests)`)
  const child = spawn(process.env.JAVA || 'java', [...cdsArgs(), '-jar', JAR, '--host', '127.0.0.1', '--port', '0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}), ...env } })
  children.add(child)
  let output = ''
  const port = await within(START_MS, 'tracker start', new Promise((resolve, reject) => {
    const read = chunk => {
      output += chunk
      const match = output.match(/ws:\/\/127\.0\.0\.1:(\d+)/)
      if (match) resolve(Number(match[1]))
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('exit', code => reject(new Error(`tracker exited with ${code}:\n${output}`)))
  }))
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop () {
      children.delete(child)
      if (child.exitCode !== null) return
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await within(15_000, 'tracker stop', exited).catch(() => child.kill('SIGKILL'))
    }
  }
}

/**
 * Debian's Chromium, headless, with a fresh profile; WebRTC may use loopback addresses.
 * @param siteHost a made-up host name the browser resolves to 127.0.0.1: a page served from it
 *                 is a site of its own, with an Origin of its own, in the loopback address space
 *                 (Chromium refuses requests from public sites to loopback, which a real site
 *                 and a real tracker, both public, never meet)
 */
export async function launchBrowser (siteHost) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`)
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hivecast-browser-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
      `--host-resolver-rules=MAP ${siteHost} 127.0.0.1`]
  })
  return {
    context,
    async close () {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** Resolves with `promise`, or rejects after `ms` naming `what`. */
export function within (ms, what, promise) {
  let timer
  return Promise.race([promise, new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)
  })]).finally(() => clearTimeout(timer))
}
