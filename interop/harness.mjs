// Shared harness for the real-client interop suite.
//
// - starts/stops the tracker under test (ours by default, the reference with TRACKER=reference),
// - makes bittorrent-tracker Clients that each get their own WebSocket (distinct URL paths,
//   because the client pools sockets per announce URL),
// - waits for events/conditions with deadlines,
// - cleans up clients, WebRTC peers, raw sockets and child processes after every test.
//
// Everything runs on 127.0.0.1. Every wait has a deadline; every loop is bounded.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

import Client from 'bittorrent-tracker/client'
import WebSocket from 'ws'

import { closeAllPeerConnections } from './wrtc-shim.mjs'
import { cdsArgs } from './cds.mjs'

export const HERE = path.dirname(fileURLToPath(import.meta.url))
export const isReference = process.env.TRACKER === 'reference'
export const TRACKER_LABEL = isReference ? 'reference bittorrent-tracker 11.2.3' : 'our tracker'
/** No STUN/TURN: nothing leaves the machine (the wrtc shim enforces this as well). */
export const RTC_CONFIG = Object.freeze({ iceServers: [] })

const STARTUP_DEADLINE_MS = 30_000
const TERM_GRACE_MS = 15_000
const DEBUG = !!process.env.INTEROP_DEBUG

function debug (...args) {
  if (DEBUG) console.error('[interop]', ...args)
}

// ---------------------------------------------------------------------------------------------
// ids

/** 20 random bytes as 40 hex characters (what bittorrent-tracker's Client takes). */
export function randomIdHex () {
  return randomBytes(20).toString('hex')
}

/** 20 random bytes as a 20-character "binary string" (one char per byte, as on the wire). */
export function randomBinaryId () {
  return randomBytes(20).toString('latin1')
}

export function hexToBinary (hex) {
  return Buffer.from(hex, 'hex').toString('latin1')
}

export function binaryToHex (bin) {
  return Buffer.from(bin, 'latin1').toString('hex')
}

// ---------------------------------------------------------------------------------------------
// waiting

export function sleep (ms) {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * Resolves with the first argument of the next `event` on `emitter` that passes `filter`;
 * rejects after `timeoutMs`. The listener is removed either way.
 */
export function waitForEvent (emitter, event, { timeoutMs = 10_000, filter = () => true, label } = {}) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      let ok
      try {
        ok = filter(...args)
      } catch (err) {
        finish()
        reject(err)
        return
      }
      if (!ok) return
      finish()
      resolve(args[0])
    }
    const timer = setTimeout(() => {
      finish()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'${label ? ` (${label})` : ''}`))
    }, timeoutMs)
    function finish () {
      clearTimeout(timer)
      emitter.removeListener(event, onEvent)
    }
    emitter.on(event, onEvent)
  })
}

/**
 * Polls `check` (sync or async) until it returns a truthy value, at most `timeoutMs`;
 * resolves with that value. On timeout rejects, quoting the last value seen.
 */
export async function waitUntil (check, { timeoutMs = 10_000, intervalMs = 200, label = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs
  const maxRounds = Math.ceil(timeoutMs / intervalMs) + 1
  let last
  for (let round = 0; round < maxRounds; round++) {
    last = await check()
    if (last) return last
    if (Date.now() >= deadline) break
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}; last value: ${JSON.stringify(last)}`)
}

/** Races a promise against a deadline. */
export function withDeadline (promise, timeoutMs, label = 'operation') {
  let timer
  return Promise.race([
    promise,
    new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${label} did not finish within ${timeoutMs} ms`)), timeoutMs)
    })
  ]).finally(() => clearTimeout(timer))
}

// ---------------------------------------------------------------------------------------------
// tracker process

function keepTail (buf, chunk, max = 64 * 1024) {
  const s = buf + chunk
  return s.length > max ? s.slice(s.length - max) : s
}

/**
 * Environment for the tracker process. Our tracker reads TRACKER_* variables as settings and
 * refuses to start on an unknown one, which is why the suite's own variables are INTEROP_*.
 */
function trackerEnv () {
  return { ...process.env }
}

/**
 * Starts the tracker under test and resolves once it has printed its ws:// URL.
 * - TRACKER=reference: `node ../load-test/reference-tracker.mjs --modules node_modules` (bittorrent-tracker's
 *   Server, ws only, from this suite's own install; the load tests start the same script).
 * - otherwise: `java -jar $INTEROP_TRACKER_JAR --host 127.0.0.1 --port 0 ...extraArgs` (our settings,
 *   e.g. an access rule; the reference ignores them).
 * - INTEROP_TRACKER_URL=ws://127.0.0.1:PORT/ : use an already running tracker (not started or stopped here).
 */
export async function startTracker (extraArgs = []) {
  if (process.env.INTEROP_TRACKER_URL) {
    const m = /^ws:\/\/127\.0\.0\.1:(\d+)/.exec(process.env.INTEROP_TRACKER_URL)
    if (!m) throw new Error('INTEROP_TRACKER_URL must look like ws://127.0.0.1:PORT/')
    const port = Number(m[1])
    return { port, baseUrl: `ws://127.0.0.1:${port}/`, pid: null, output: () => '', stop: async () => {} }
  }

  let cmd, args, marker
  if (isReference) {
    cmd = process.execPath
    args = [path.join(HERE, '..', 'load-test', 'reference-tracker.mjs'), '--modules', path.join(HERE, 'node_modules')]
    marker = args[0]
  } else {
    const jar = process.env.INTEROP_TRACKER_JAR
      ? path.resolve(process.env.INTEROP_TRACKER_JAR)
      : path.join(HERE, '..', 'tracker-service', 'target', 'hivecast-tracker.jar')
    cmd = process.env.JAVA || 'java'
    args = [...cdsArgs(), '-jar', jar, '--host', '127.0.0.1', '--port', '0', ...extraArgs]
    marker = jar
  }
  debug('starting tracker:', cmd, args.join(' '))

  const child = spawn(cmd, args, { cwd: HERE, env: trackerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  let exited = null
  const exitPromise = new Promise(resolve => {
    child.once('exit', (code, signal) => {
      exited = { code, signal }
      resolve(exited)
    })
  })
  // Make sure a tracker we started never outlives this process (by its PID only).
  const killOnExit = () => {
    if (!exited) {
      try { process.kill(child.pid, 'SIGKILL') } catch {}
    }
  }
  process.once('exit', killOnExit)

  const port = await new Promise((resolve, reject) => {
    let stdoutText = ''
    let settled = false
    const timer = setTimeout(() => settle(new Error(
      `tracker did not print its ws://127.0.0.1:<port> URL within ${STARTUP_DEADLINE_MS} ms; output:\n${output}`)), STARTUP_DEADLINE_MS)
    function settle (err, value) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (err) reject(err)
      else resolve(value)
    }
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', chunk => {
      output = keepTail(output, chunk)
      if (settled) return
      stdoutText = keepTail(stdoutText, chunk)
      const m = /ws:\/\/127\.0\.0\.1:(\d+)/.exec(stdoutText)
      if (m) settle(null, Number(m[1]))
    })
    child.stderr.on('data', chunk => { output = keepTail(output, chunk) })
    child.once('error', err => settle(new Error(`could not start tracker (${cmd}): ${err.message}`)))
    exitPromise.then(({ code, signal }) => settle(new Error(
      `tracker exited during startup (code ${code}, signal ${signal}); output:\n${output}`)))
  }).catch(async err => {
    if (!exited) {
      try { process.kill(child.pid, 'SIGKILL') } catch {}
      await withDeadline(exitPromise, 5000, 'tracker SIGKILL').catch(() => {})
    }
    process.removeListener('exit', killOnExit)
    throw err
  })
  debug(`tracker pid ${child.pid} on port ${port}`)

  // Watchdog: stops this tracker (by PID) if this process dies without stopping it.
  const guard = spawn(process.execPath, [path.join(HERE, 'tracker-guard.mjs'), String(child.pid), marker], {
    cwd: HERE,
    stdio: ['pipe', 'ignore', 'inherit']
  })
  guard.on('error', err => debug(`tracker guard: ${err.message}`))
  guard.unref()
  guard.stdin.on('error', () => {})
  guard.stdin.unref?.()

  async function stop () {
    debug(`stopping tracker pid ${child.pid} (exited: ${JSON.stringify(exited)})`)
    if (exited) return exited
    try { process.kill(child.pid, 'SIGTERM') } catch {}
    const r = await withDeadline(exitPromise, TERM_GRACE_MS, 'tracker SIGTERM').catch(() => null)
    if (!r && !exited) {
      try { process.kill(child.pid, 'SIGKILL') } catch {}
      await withDeadline(exitPromise, 5000, 'tracker SIGKILL').catch(() => {})
    }
    process.removeListener('exit', killOnExit)
    child.stdout.destroy()
    child.stderr.destroy()
    guard.stdin.end() // the guard sees the tracker gone and exits
    return exited
  }

  return {
    port,
    baseUrl: `ws://127.0.0.1:${port}/`,
    pid: child.pid,
    output: () => output,
    isAlive: () => !exited,
    stop
  }
}

/**
 * For a test file: starts the tracker (with our extra `args`) before its tests and stops it (SIGTERM by PID, SIGKILL
 * after 15 s) after them. Returns a handle whose `.tracker` is set once started.
 * Also arms an exit guard: if anything native (libwebrtc) still holds the event loop a few
 * seconds after the last hook, the process exits with the test runner's exit code.
 */
export function useTracker ({ args = [] } = {}) {
  const handle = { tracker: null }
  before(async () => {
    handle.tracker = await startTracker(args)
  }, { timeout: STARTUP_DEADLINE_MS + 10_000 })
  after(async () => {
    try {
      if (handle.tracker) {
        const alive = handle.tracker.isAlive ? handle.tracker.isAlive() : true
        if (!alive) console.error(`tracker exited during the tests; output tail:\n${handle.tracker.output()}`)
        await handle.tracker.stop()
      }
    } finally {
      closeAllPeerConnections()
      const guard = setTimeout(() => {
        console.error('interop harness: process still alive 5 s after the last test; exiting')
        process.exit()
      }, 5000)
      guard.unref()
    }
  }, { timeout: TERM_GRACE_MS + 15_000 })
  return handle
}

// ---------------------------------------------------------------------------------------------
// per-test session: clients, peers, sockets, child processes; all cleaned up in t.after()

let urlCounter = 0

export class Session {
  constructor (tracker, t) {
    if (!tracker) throw new Error('tracker not started')
    this.tracker = tracker
    this.clients = new Set()
    this.peers = new Set()
    this.rawSockets = new Set()
    this.children = new Set()
    this.disposers = []
    if (t) t.after(() => this.cleanup())
  }

  /** A fresh announce URL, so the client gets a socket of its own (any path is accepted). */
  url (label = 'peer') {
    urlCounter++
    return `${this.tracker.baseUrl}${label}-${process.pid}-${urlCounter}`
  }

  /**
   * A bittorrent-tracker Client with real WebRTC. Options: infoHash (hex, required), peerId
   * (hex, random by default), url (a fresh one by default: own socket), getAnnounceOpts.
   * Adds: `.peersSeen` (every simple-peer emitted), `.connectedPeers` (data channel open),
   * `.warnings`, `.errors`, `.label`.
   */
  client ({ infoHash, peerId = randomIdHex(), url = this.url(), getAnnounceOpts, label } = {}) {
    if (!infoHash) throw new Error('infoHash required')
    const client = new Client({
      infoHash,
      peerId,
      announce: [url],
      port: 6881, // required by the Node client, unused for ws
      rtcConfig: RTC_CONFIG,
      getAnnounceOpts
    })
    client.label = label || url.slice(url.lastIndexOf('/') + 1)
    client.announceUrl = url
    client.peersSeen = []
    client.connectedPeers = new Set()
    client.warnings = []
    client.errors = []
    client.on('warning', err => {
      client.warnings.push(err)
      debug(`${client.label} warning: ${err.message}`)
    })
    client.on('error', err => {
      client.errors.push(err)
      debug(`${client.label} error: ${err.message}`)
    })
    client.on('peer', peer => this.trackPeer(peer, client))
    this.clients.add(client)
    return client
  }

  trackPeer (peer, owner) {
    this.peers.add(peer)
    owner.peersSeen.push(peer)
    peer.on('error', err => debug(`${owner.label} peer error: ${err.message}`))
    peer.once('connect', () => {
      owner.connectedPeers.add(peer)
      owner.emit('peer-connected', peer)
    })
    peer.once('close', () => {
      owner.connectedPeers.delete(peer)
      this.peers.delete(peer)
    })
  }

  /** Waits for the next announce reply ('update') of a client. */
  nextUpdate (client, timeoutMs = 10_000) {
    return waitForEvent(client, 'update', { timeoutMs, label: `announce reply to ${client.label}` })
  }

  /** Waits for the next announce reply and asserts nothing; returns {complete, incomplete, ...}. */
  async start (client, timeoutMs = 10_000) {
    const p = this.nextUpdate(client, timeoutMs)
    client.start()
    return p
  }

  /**
   * Static scrape (`Client.scrape`) on a socket of its own. Resolves with a map
   * hex info_hash -> { complete, incomplete, downloaded } for every requested hash.
   */
  scrape (infoHashes, timeoutMs = 10_000) {
    const list = Array.isArray(infoHashes) ? infoHashes : [infoHashes]
    return new Promise((resolve, reject) => {
      let scrapeClient = null
      const timer = setTimeout(() => {
        if (scrapeClient) scrapeClient.destroy()
        reject(new Error(`scrape of ${list.length} hash(es) got no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      scrapeClient = Client.scrape({
        announce: this.url('scrape'),
        infoHash: list.length === 1 ? list[0] : list,
        rtcConfig: RTC_CONFIG
      }, (err, data) => {
        clearTimeout(timer)
        if (err) return reject(err)
        if (list.length === 1) return resolve({ [data.infoHash]: data })
        resolve(data)
      })
      this.disposers.push(() => scrapeClient.destroy())
    })
  }

  /** Counts of one info_hash via a static scrape: { complete, incomplete, downloaded }. */
  async counts (infoHash, timeoutMs) {
    const r = await this.scrape(infoHash, timeoutMs)
    return r[infoHash]
  }

  /** A raw WebSocket (the `ws` package), for the few things the real clients cannot send. */
  async raw (url = this.url('raw'), timeoutMs = 5000) {
    const ws = new WebSocket(url, { perMessageDeflate: false })
    this.rawSockets.add(ws)
    const queue = []
    const waiters = new Set()
    ws.on('message', (data, isBinary) => {
      let msg
      try { msg = JSON.parse(data.toString('utf8')) } catch { msg = { unparsable: data.toString('utf8') } }
      queue.push(msg)
      for (const w of [...waiters]) w()
    })
    ws.on('error', err => debug(`raw socket error: ${err.message}`))
    await withDeadline(new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    }), timeoutMs, `raw WebSocket open ${url}`)
    return {
      ws,
      send: obj => ws.send(JSON.stringify(obj)),
      /** Next message (in arrival order) that passes filter; removes it from the queue. */
      next: (filter = () => true, ms = 5000) => new Promise((resolve, reject) => {
        const tryTake = () => {
          const i = queue.findIndex(filter)
          if (i >= 0) {
            const [m] = queue.splice(i, 1)
            done()
            resolve(m)
            return true
          }
          return false
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`raw socket: no matching message within ${ms} ms; queue: ${JSON.stringify(queue).slice(0, 500)}`))
        }, ms)
        const w = () => tryTake()
        function done () {
          clearTimeout(timer)
          waiters.delete(w)
        }
        if (!tryTake()) waiters.add(w)
      }),
      close: () => ws.close()
    }
  }

  /**
   * Spawns `node --import register-wrtc.mjs script ...args` (script relative to this folder),
   * tracked for cleanup (SIGKILL by PID if still alive when the test ends).
   */
  spawnNode (script, args = []) {
    const child = spawn(process.execPath, ['--import', path.join(HERE, 'register-wrtc.mjs'), path.resolve(HERE, script), ...args], {
      cwd: HERE,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.children.add(child)
    child.output = ''
    child.exitInfo = null
    child.exited = new Promise(resolve => child.once('exit', (code, signal) => {
      child.exitInfo = { code, signal }
      resolve(child.exitInfo)
    }))
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    // stdout lines that are JSON objects are also collected in `messages` and emitted as 'message'.
    child.messages = []
    let partial = ''
    child.stdout.on('data', c => {
      child.output = keepTail(child.output, c)
      partial += c
      let nl
      let rounds = 0
      while ((nl = partial.indexOf('\n')) >= 0 && rounds++ < 10_000) {
        const line = partial.slice(0, nl)
        partial = partial.slice(nl + 1)
        let msg = null
        try { msg = JSON.parse(line) } catch {}
        if (msg && typeof msg === 'object') {
          child.messages.push(msg)
          child.emit('message', msg)
        }
      }
      if (partial.length > 1024 * 1024) partial = ''
    })
    child.stderr.on('data', c => { child.output = keepTail(child.output, c) })
    const killOnExit = () => { if (!child.exitInfo) try { process.kill(child.pid, 'SIGKILL') } catch {} }
    process.once('exit', killOnExit)
    child.exited.then(() => process.removeListener('exit', killOnExit))
    /** Resolves with the first match of `re` in the child's output (stdout+stderr). */
    child.waitForOutput = (re, ms = 20_000) => waitUntil(() => {
      const m = re.exec(child.output)
      if (m) return m
      if (child.exitInfo) {
        throw new Error(`child exited (${JSON.stringify(child.exitInfo)}) before printing ${re}; output:\n${child.output}`)
      }
      return null
    }, { timeoutMs: ms, intervalMs: 50, label: `child output ${re}` })
    return child
  }

  /** Spawns peer-process.mjs with the given config (see that file). */
  peerProcess (config) {
    return this.spawnNode('peer-process.mjs', [JSON.stringify({ baseUrl: this.tracker.baseUrl, lifetimeMs: 60_000, ...config })])
  }

  async destroyClient (client, timeoutMs = 5000) {
    if (!this.clients.has(client)) return
    this.clients.delete(client)
    await withDeadline(new Promise(resolve => client.destroy(() => resolve())), timeoutMs,
      `destroy of client ${client.label}`).catch(err => debug(err.message))
  }

  async cleanup () {
    for (const d of this.disposers.splice(0)) {
      try { d() } catch {}
    }
    await Promise.all([...this.clients].map(c => this.destroyClient(c)))
    for (const peer of [...this.peers]) {
      try { peer.destroy() } catch {}
    }
    this.peers.clear()
    for (const ws of [...this.rawSockets]) {
      try { ws.terminate() } catch {}
    }
    this.rawSockets.clear()
    await Promise.all([...this.children].map(async child => {
      if (!child.exitInfo) {
        try { process.kill(child.pid, 'SIGTERM') } catch {}
        const ok = await withDeadline(child.exited, 3000, 'child exit on SIGTERM').catch(() => null)
        if (!ok && !child.exitInfo) {
          try { process.kill(child.pid, 'SIGKILL') } catch {}
          await withDeadline(child.exited, 5000, 'child exit on SIGKILL').catch(() => {})
        }
      }
    }))
    this.children.clear()
    // simple-peer closes its RTCPeerConnection on a timer; close anything still open now.
    await sleep(20)
    closeAllPeerConnections()
  }
}

/** Message prefix for assertions that hold only for one of the two trackers. */
export function divergence (ours, reference) {
  return isReference
    ? `[reference behaviour, differs from our decisions (docs/protocol.md#decisions)] ${reference}`
    : `[our decision (docs/protocol.md#decisions), the reference differs] ${ours}`
}
