// Harness for the cluster-mode interop suite: a cluster of our tracker, one JVM per node, joined
// by Hazelcast on loopback or through one redis-server on loopback (INTEROP_CLUSTER_BACKEND);
// plus the few helpers the cluster tests share (raw-protocol announces and scrapes, /stats, a
// loopback-only webtorrent).
//
// Same habits as ../harness.mjs (whose Session, waits and ids are reused): only 127.0.0.1, every
// wait has a deadline, every loop is bounded, processes we start are ended by their PID
// (SIGTERM, then SIGKILL after a grace period), never by name.
//
// INTEROP_CLUSTER_BACKEND=hazelcast (the default): each node runs
//   java -jar $INTEROP_TRACKER_JAR --host 127.0.0.1 --port 0 --event-loops 1
//        --cluster.backend hazelcast --cluster.name interop-<pid>-<random> --cluster.host 127.0.0.1 --cluster.port HZ_i
//        --cluster.members 127.0.0.1:HZ_1,...,127.0.0.1:HZ_n --cluster.failure-timeout 5s --drain.window 1s
// with the Hazelcast ports picked free at run time.
//
// INTEROP_CLUSTER_BACKEND=redis: the harness first starts its own redis-server
// ($INTEROP_REDIS_SERVER) on 127.0.0.1 and a free port P, no persistence, in a temporary directory,
// and each node runs
//   java -jar $INTEROP_TRACKER_JAR --host 127.0.0.1 --port 0 --event-loops 1
//        --cluster.backend redis --cluster.name interop-<pid>-<random> --cluster.redis-url redis://127.0.0.1:P
//        --cluster.failure-timeout 5s --drain.window 1s
// The redis-server is ended by its PID after the nodes, and never outlives this process.
//
// With hazelcast and INTEROP_CLUSTER_TLS=1, every node also runs with mutual TLS between nodes: the
// harness makes a CA and one certificate per node name with openssl in a temporary directory
// (removed at exit) and adds
//   --cluster.tls-cert-pem DIR/<name>.crt --cluster.tls-key-pem DIR/<name>.key --cluster.tls-ca-pem DIR/ca.pem
// so the suite's relays cross the event bus over TLS, as a production cluster's should. The build
// does not set it yet: in its one run beside the integration tests, 03-drain missed a 3 s scrape
// reply with TLS on (it passed alone); HazelcastTlsIT covers cluster TLS in the build meanwhile.
//
// No TRACKER_* variable is set (the tracker refuses unknown ones).
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before } from 'node:test'

import { HERE, Session, waitUntil, withDeadline } from '../harness.mjs'
import { closeAllPeerConnections } from '../wrtc-shim.mjs'
import { cdsArgs } from '../cds.mjs'

/** Our jar, as ../harness.mjs finds it. The cluster suite never runs the reference tracker. */
export const JAR = process.env.INTEROP_TRACKER_JAR
  ? path.resolve(process.env.INTEROP_TRACKER_JAR)
  : path.join(HERE, '..', 'tracker-service', 'target', 'hivecast-tracker.jar')

const BACKENDS = Object.freeze(['hazelcast', 'redis'])
/** The cluster backend under test: INTEROP_CLUSTER_BACKEND, hazelcast by default. */
export const BACKEND = process.env.INTEROP_CLUSTER_BACKEND || 'hazelcast'
if (!BACKENDS.includes(BACKEND)) {
  throw new Error(`INTEROP_CLUSTER_BACKEND=${BACKEND}: expected one of ${BACKENDS.join(', ')} (unset means hazelcast)`)
}
/** Starts every cluster test's name, so that the hazelcast and redis runs tell apart in a log. */
export const TAG = `[${BACKEND}]`

export const NODE_NAMES = Object.freeze(['A', 'B', 'C', 'D', 'E'])
/** --cluster.failure-timeout, in seconds (passed with its unit, as 5s). */
export const FAILURE_TIMEOUT_S = 5

/** One node, alone, prints its URL in ~5 s; three JVMs starting at once on 2 cores take ~15-25 s. */
const STARTUP_DEADLINE_MS = 90_000
/** From "all listening" to "every node counts every node". */
const FORM_DEADLINE_MS = 60_000
const TERM_GRACE_MS = 15_000
const KILL_WAIT_MS = 5_000
const OUTPUT_TAIL = 256 * 1024
const STARTUP_ATTEMPTS = 2
const DEBUG = !!process.env.INTEROP_DEBUG

const LISTENING = /Players announce to ws:\/\/127\.0\.0\.1:(\d+)\//
const BIND_FAILURE = /BindException|Address already in use/

function debug (...args) {
  if (DEBUG) console.error('[cluster]', ...args)
}

function keepTail (buf, chunk, max = OUTPUT_TAIL) {
  const s = buf + chunk
  return s.length > max ? s.slice(s.length - max) : s
}

/** The end of a node's output, for error messages. */
function outputTail (text, maxChars = 6000) {
  return text.length > maxChars ? '…' + text.slice(text.length - maxChars) : text
}

// ---------------------------------------------------------------------------------------------
// ports

/**
 * `count` distinct TCP ports that were free on 127.0.0.1 a moment ago: all are bound (port 0) at
 * the same time, read, then closed. Never fixed ports.
 */
export async function freePorts (count) {
  const servers = []
  try {
    for (let i = 0; i < count; i++) {
      const srv = net.createServer()
      servers.push(srv)
      await withDeadline(new Promise((resolve, reject) => {
        srv.once('error', reject)
        srv.listen(0, '127.0.0.1', resolve)
      }), 5000, 'bind a free port')
    }
    return servers.map(s => s.address().port)
  } finally {
    await Promise.all(servers.map(s => new Promise(resolve => s.close(() => resolve()))))
  }
}

// ---------------------------------------------------------------------------------------------
// one node

/** Whether hazelcast nodes run with mutual TLS between them (see the top of this file). */
const CLUSTER_TLS = process.env.INTEROP_CLUSTER_TLS === '1'

function tlsArgs (name) {
  const tls = clusterTlsDir()
  return ['--cluster.tls-cert-pem', path.join(tls, `${name}.crt`), '--cluster.tls-key-pem', path.join(tls, `${name}.key`),
    '--cluster.tls-ca-pem', path.join(tls, 'ca.pem')]
}

/** What a hazelcast node logs once its event bus runs with mutual TLS. */
export const CLUSTER_TLS_ON = 'Cluster event bus: mutual TLS on'
let tlsDir = null

function openssl (dir, args) {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 })
}

/**
 * The cluster CA and one certificate per node name (EC P-256, two days), made once per process
 * with openssl: a few milliseconds each.
 */
export function clusterTlsDir () {
  if (tlsDir) return tlsDir
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hivecast-interop-cluster-tls-'))
  process.once('exit', () => { try { fs.rmSync(dir, { recursive: true, force: true }) } catch {} })
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3', '-subj', '/CN=interop-cluster-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'])
  fs.writeFileSync(path.join(dir, 'node.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' +
    'extendedKeyUsage=serverAuth,clientAuth\n')
  for (const name of NODE_NAMES) {
    openssl(dir, ['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=interop-node-${name}`])
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial',
      String(1000 + NODE_NAMES.indexOf(name)), '-days', '2', '-extfile', 'node.ext', '-out', `${name}.crt`])
  }
  tlsDir = dir
  return dir
}

/** The backend's part of a node's command line. */
function backendArgs ({ name, hzPort, memberPorts, redisUrl }) {
  if (BACKEND === 'redis') {
    return ['--cluster.backend', 'redis', '--cluster.redis-url', redisUrl]
  }
  return [
    '--cluster.backend', 'hazelcast',
    '--cluster.host', '127.0.0.1',
    '--cluster.port', String(hzPort),
    '--cluster.members', memberPorts.map(p => `127.0.0.1:${p}`).join(','),
    ...(CLUSTER_TLS ? tlsArgs(name) : [])
  ]
}

/**
 * Starts one tracker node; resolves once it prints `Players announce to ws://127.0.0.1:<port>/`.
 * hazelcast: `hzPort` and `memberPorts`; redis: `redisUrl`.
 * The handle: name, hzPort (null on redis), port, baseUrl, pid, output(), isAlive(), exited
 * (promise of {code, signal}), exitInfo(), kill(signal), stop() (SIGTERM, SIGKILL after 15 s), stats().
 */
export async function startNode ({ name, hzPort = null, memberPorts = [], redisUrl = null, clusterName }) {
  const args = [
    ...cdsArgs(),
    '-jar', JAR,
    '--host', '127.0.0.1',
    '--port', '0',
    '--event-loops', '1',
    '--cluster.name', clusterName,
    ...backendArgs({ name, hzPort, memberPorts, redisUrl }),
    '--cluster.failure-timeout', `${FAILURE_TIMEOUT_S}s`,
    '--drain.window', '1s'
  ]
  const cmd = process.env.JAVA || 'java'
  debug(`starting node ${name}:`, cmd, args.join(' '))
  const child = spawn(cmd, args, { cwd: HERE, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const startedAt = Date.now()
  let output = ''
  let exitInfo = null
  const exited = new Promise(resolve => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal }
      resolve(exitInfo)
    })
  })
  // A node we started never outlives this process (by its PID only).
  const killOnExit = () => {
    if (!exitInfo) try { process.kill(child.pid, 'SIGKILL') } catch {}
  }
  process.once('exit', killOnExit)
  exited.then(() => process.removeListener('exit', killOnExit))

  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', chunk => { output = keepTail(output, chunk) })
  child.stderr.on('data', chunk => { output = keepTail(output, chunk) })

  const port = await new Promise((resolve, reject) => {
    let settled = false
    let stdoutText = ''
    const timer = setTimeout(() => settle(new Error(
      `node ${name} did not print its ws://127.0.0.1:<port> URL within ${STARTUP_DEADLINE_MS} ms; output tail:\n${outputTail(output)}`)),
    STARTUP_DEADLINE_MS)
    function settle (err, value) {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stdout.removeListener('data', onData)
      if (err) reject(err)
      else resolve(value)
    }
    function onData (chunk) {
      stdoutText = keepTail(stdoutText, chunk, 64 * 1024)
      const m = LISTENING.exec(stdoutText)
      if (m) settle(null, Number(m[1]))
    }
    child.stdout.on('data', onData)
    child.once('error', err => settle(new Error(`could not start node ${name} (${cmd}): ${err.message}`)))
    exited.then(({ code, signal }) => {
      const err = new Error(`node ${name} exited during startup (code ${code}, signal ${signal}); output tail:\n${outputTail(output)}`)
      err.bindFailure = BIND_FAILURE.test(output)
      settle(err)
    })
  }).catch(async err => {
    if (!exitInfo) {
      try { process.kill(child.pid, 'SIGKILL') } catch {}
      await withDeadline(exited, KILL_WAIT_MS, `node ${name} SIGKILL`).catch(() => {})
    }
    throw err
  })
  const where = BACKEND === 'redis' ? `redis ${redisUrl}` : `hazelcast ${hzPort}`
  debug(`node ${name}: pid ${child.pid}, ws port ${port}, ${where}, up in ${Date.now() - startedAt} ms`)

  // Watchdog (../tracker-guard.mjs): stops this node, by PID, if this process dies without doing so.
  const guard = spawn(process.execPath, [path.join(HERE, 'tracker-guard.mjs'), String(child.pid), JAR], {
    cwd: HERE,
    stdio: ['pipe', 'ignore', 'inherit']
  })
  guard.on('error', err => debug(`guard of node ${name}: ${err.message}`))
  guard.unref()
  guard.stdin.on('error', () => {})
  guard.stdin.unref?.()
  exited.then(() => {
    child.stdout.destroy()
    child.stderr.destroy()
    guard.stdin.end() // the guard sees the node gone and exits
  })

  const node = {
    name,
    hzPort,
    port,
    baseUrl: `ws://127.0.0.1:${port}/`,
    statsUrl: `http://127.0.0.1:${port}/stats`,
    pid: child.pid,
    startupMs: Date.now() - startedAt,
    exited,
    output: () => output,
    isAlive: () => !exitInfo,
    exitInfo: () => exitInfo,
    /** Set once a test signalled this node: its exit is then expected. */
    signalledByTest: null,
    /** Sends `signal` to this node's PID (if it is still running). */
    kill (signal) {
      if (exitInfo) return
      node.signalledByTest = signal
      process.kill(child.pid, signal)
    },
    async stop () {
      if (exitInfo) return exitInfo
      debug(`stopping node ${name} (pid ${child.pid})`)
      try { process.kill(child.pid, 'SIGTERM') } catch {}
      const r = await withDeadline(exited, TERM_GRACE_MS, `node ${name} SIGTERM`).catch(() => null)
      if (!r && !exitInfo) {
        console.error(`node ${name} (pid ${child.pid}) still running ${TERM_GRACE_MS} ms after SIGTERM: SIGKILL`)
        try { process.kill(child.pid, 'SIGKILL') } catch {}
        await withDeadline(exited, KILL_WAIT_MS, `node ${name} SIGKILL`).catch(() => {})
      }
      return exitInfo
    },
    stats: (timeoutMs) => getJson(node.statsUrl, timeoutMs),
    toString: () => `node ${name} (pid ${child.pid}, ws ${port}, ${where})`
  }
  return node
}

/** GET a JSON document from 127.0.0.1 with a deadline. */
export function getJson (url, timeoutMs = 3000) {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`loopback only: ${url}`)
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', c => { if (body.length < 1024 * 1024) body += c })
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${url}: HTTP ${res.statusCode}`))
        try { resolve(JSON.parse(body)) } catch (err) { reject(new Error(`GET ${url}: not JSON: ${body.slice(0, 200)}`)) }
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
  })
}

// ---------------------------------------------------------------------------------------------
// the redis-server of INTEROP_CLUSTER_BACKEND=redis

/** A loopback redis-server listens within milliseconds; 2 busy cores and a cold disk get 20 s. */
const REDIS_STARTUP_DEADLINE_MS = 20_000
/** With no persistence a redis-server exits at once on SIGTERM; SIGKILL after this. */
const REDIS_TERM_GRACE_MS = 5_000
const REDIS_ATTEMPTS = 3
const REDIS_REPLY_MAX = 1024 * 1024
const REDIS_HOWTO = 'From the repository root: `mvn -B -q -pl tracker-service dependency:unpack@redis-server-binary` ' +
  'unpacks it to tracker-service/target/redis/redis-server-6.2.6-v5-linux-amd64; then, in interop/, ' +
  'INTEROP_REDIS_SERVER=$PWD/../tracker-service/target/redis/redis-server-6.2.6-v5-linux-amd64 ' +
  '(mvn verify sets it by itself, through suites.mjs).'

/**
 * The absolute path of INTEROP_REDIS_SERVER, checked to be an executable file. Throws, saying how
 * to get one, if it is unset or is not: the redis run never skips.
 */
export function redisServerPath () {
  const given = process.env.INTEROP_REDIS_SERVER
  if (!given) {
    throw new Error('INTEROP_CLUSTER_BACKEND=redis needs INTEROP_REDIS_SERVER, the path of a redis-server ' +
      `binary (6.2 or later), and it is not set. ${REDIS_HOWTO}`)
  }
  const abs = path.resolve(given)
  try {
    if (!fs.statSync(abs).isFile()) throw new Error('not a regular file')
    fs.accessSync(abs, fs.constants.X_OK)
  } catch (err) {
    throw new Error(`INTEROP_REDIS_SERVER=${given} (${abs}) is not an executable file: ${err.message}. ${REDIS_HOWTO}`)
  }
  return abs
}

/** One RESP command as an array of bulk strings. */
function respEncode (args) {
  const parts = [Buffer.from(`*${args.length}\r\n`)]
  for (const a of args) {
    const b = Buffer.from(String(a))
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'))
  }
  return Buffer.concat(parts)
}

/**
 * Parses one RESP2 reply at `at`: { value, end }, or null while incomplete. An error reply is
 * { error: message }; nesting is bounded.
 */
function respParse (buf, at = 0, depth = 0) {
  if (depth > 8) throw new Error('RESP reply nested deeper than 8')
  const eol = buf.indexOf('\r\n', at)
  if (eol < 0) return null
  const line = buf.toString('utf8', at + 1, eol)
  const next = eol + 2
  switch (String.fromCharCode(buf[at])) {
    case '+': return { value: line, end: next }
    case '-': return { value: { error: line }, end: next }
    case ':': return { value: Number(line), end: next }
    case '$': {
      const n = Number(line)
      if (n < 0) return { value: null, end: next }
      if (buf.length < next + n + 2) return null
      return { value: buf.toString('utf8', next, next + n), end: next + n + 2 }
    }
    case '*': {
      const n = Number(line)
      if (n < 0) return { value: null, end: next }
      const items = []
      let pos = next
      for (let k = 0; k < n; k++) {
        const r = respParse(buf, pos, depth + 1)
        if (!r) return null
        items.push(r.value)
        pos = r.end
      }
      return { value: items, end: pos }
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buf.toString('utf8', at, Math.min(buf.length, at + 40)))}`)
  }
}

/**
 * Sends one command to the redis-server on 127.0.0.1:`port` on a connection of its own and
 * resolves with the reply (rejects on an error reply, a closed connection or the deadline).
 */
export function redisCommand (port, args, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0)
    let done = false
    const sock = net.connect({ host: '127.0.0.1', port })
    const finish = (err, value) => {
      if (done) return
      done = true
      clearTimeout(timer)
      sock.destroy()
      if (err) reject(err)
      else resolve(value)
    }
    const timer = setTimeout(() => finish(new Error(`redis ${args[0]} on port ${port}: no reply within ${timeoutMs} ms`)), timeoutMs)
    sock.on('connect', () => sock.write(respEncode(args)))
    sock.on('data', chunk => {
      buf = Buffer.concat([buf, chunk])
      if (buf.length > REDIS_REPLY_MAX) return finish(new Error(`redis ${args[0]}: reply over ${REDIS_REPLY_MAX} bytes`))
      let r
      try { r = respParse(buf) } catch (err) { return finish(err) }
      if (!r) return
      if (r.value && typeof r.value === 'object' && 'error' in r.value) finish(new Error(`redis ${args[0]}: ${r.value.error}`))
      else finish(null, r.value)
    })
    sock.on('error', err => finish(err))
    sock.on('close', () => finish(new Error(`redis ${args[0]} on port ${port}: connection closed before a reply`)))
  })
}

/**
 * Starts our own redis-server (INTEROP_REDIS_SERVER) on 127.0.0.1 and a free port; resolves once
 * it answers PING and says it is the process we started. A second and third try, on new ports,
 * only if the port was taken between our probe and its bind. The handle: port, url, pid, exited,
 * isAlive(), exitInfo(), output(), command(args, timeoutMs), stop() (SIGTERM, SIGKILL after 5 s).
 */
export async function startRedis () {
  const bin = redisServerPath()
  let lastErr
  for (let attempt = 1; attempt <= REDIS_ATTEMPTS; attempt++) {
    const [port] = await freePorts(1)
    try {
      return await startRedisOn(bin, port)
    } catch (err) {
      lastErr = err
      if (!err.bindFailure) break
      debug(`redis-server attempt ${attempt}: port ${port} was taken; retrying on another`)
    }
  }
  throw lastErr
}

async function startRedisOn (bin, port) {
  // Its working directory: nothing is saved there (no RDB, no AOF), but it never writes elsewhere.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hivecast-interop-redis-'))
  const removeDir = () => { try { fs.rmSync(dir, { recursive: true, force: true }) } catch {} }
  const args = [
    '--bind', '127.0.0.1',
    '--port', String(port),
    '--save', '',
    '--appendonly', 'no',
    '--dir', dir,
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--loglevel', 'warning',
    '--logfile', ''
  ]
  debug('starting redis-server:', bin, args.map(a => a === '' ? '""' : a).join(' '))
  const child = spawn(bin, args, { cwd: dir, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const startedAt = Date.now()
  let output = ''
  let exitInfo = null
  const exited = new Promise(resolve => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal }
      resolve(exitInfo)
    })
  })
  // Never outlives this process (by its PID only).
  const killOnExit = () => {
    if (!exitInfo) try { process.kill(child.pid, 'SIGKILL') } catch {}
    removeDir()
  }
  process.once('exit', killOnExit)
  exited.then(() => process.removeListener('exit', killOnExit))
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', chunk => { output = keepTail(output, chunk, 64 * 1024) })
  child.stderr.on('data', chunk => { output = keepTail(output, chunk, 64 * 1024) })
  let spawnError = null
  child.once('error', err => { spawnError = err })

  try {
    await waitUntil(async () => {
      if (spawnError) throw new Error(`could not start ${bin}: ${spawnError.message}`)
      if (exitInfo) {
        const e = new Error(`redis-server exited during startup (${JSON.stringify(exitInfo)}); output:\n${outputTail(output)}`)
        e.bindFailure = BIND_FAILURE.test(output)
        throw e
      }
      const pong = await redisCommand(port, ['PING'], 1000).catch(() => null)
      if (pong !== 'PONG') return false
      // The server on that port must be ours, not one that took the port first.
      const info = await redisCommand(port, ['INFO', 'server'], 2000).catch(() => null)
      if (info === null) return false
      const pid = Number(/process_id:(\d+)/.exec(info)?.[1])
      if (pid !== child.pid) {
        const e = new Error(`127.0.0.1:${port} answers as redis pid ${pid}, not ours (${child.pid})`)
        e.bindFailure = true
        throw e
      }
      return true
    }, { timeoutMs: REDIS_STARTUP_DEADLINE_MS, intervalMs: 100, label: `redis-server on 127.0.0.1:${port} answering PING` })
  } catch (err) {
    if (!exitInfo) {
      try { process.kill(child.pid, 'SIGKILL') } catch {}
      await withDeadline(exited, KILL_WAIT_MS, 'redis-server SIGKILL').catch(() => {})
    }
    removeDir()
    throw err
  }
  debug(`redis-server: pid ${child.pid}, port ${port}, up in ${Date.now() - startedAt} ms`)

  // Watchdog (../tracker-guard.mjs), as for a node: the marker is the binary's path, which stays in
  // its /proc cmdline (redis-server rewrites that to "<path> 127.0.0.1:<port>").
  const guard = spawn(process.execPath, [path.join(HERE, 'tracker-guard.mjs'), String(child.pid), bin], {
    cwd: HERE,
    stdio: ['pipe', 'ignore', 'inherit']
  })
  guard.on('error', err => debug(`guard of redis-server: ${err.message}`))
  guard.unref()
  guard.stdin.on('error', () => {})
  guard.stdin.unref?.()
  exited.then(() => {
    child.stdout.destroy()
    child.stderr.destroy()
    guard.stdin.end()
  })

  const redis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    startupMs: Date.now() - startedAt,
    exited,
    output: () => output,
    isAlive: () => !exitInfo,
    exitInfo: () => exitInfo,
    command: (cmdArgs, timeoutMs) => redisCommand(port, cmdArgs, timeoutMs),
    async stop () {
      if (!exitInfo) {
        debug(`stopping redis-server (pid ${child.pid})`)
        try { process.kill(child.pid, 'SIGTERM') } catch {}
        const r = await withDeadline(exited, REDIS_TERM_GRACE_MS, 'redis-server SIGTERM').catch(() => null)
        if (!r && !exitInfo) {
          console.error(`redis-server (pid ${child.pid}) still running ${REDIS_TERM_GRACE_MS} ms after SIGTERM: SIGKILL`)
          try { process.kill(child.pid, 'SIGKILL') } catch {}
          await withDeadline(exited, KILL_WAIT_MS, 'redis-server SIGKILL').catch(() => {})
        }
      }
      if (exitInfo) removeDir()
      return exitInfo
    },
    toString: () => `redis-server (pid ${child.pid}, 127.0.0.1:${port})`
  }
  return redis
}

// ---------------------------------------------------------------------------------------------
// a cluster

/** liveNodes of every given node's /stats (null for a node that does not answer). */
export async function liveNodesOf (nodes) {
  return Promise.all(nodes.map(n => n.stats(2000).then(s => s.cluster?.liveNodes ?? null, () => null)))
}

/** Waits until every node in `nodes` reports `cluster.liveNodes === expected`. */
export async function waitForLiveNodes (nodes, expected, timeoutMs = FORM_DEADLINE_MS) {
  return waitUntil(async () => {
    for (const n of nodes) {
      if (!n.isAlive()) throw new Error(`${n} exited (${JSON.stringify(n.exitInfo())}); output tail:\n${outputTail(n.output())}`)
    }
    const live = await liveNodesOf(nodes)
    return live.every(v => v === expected) && live
  }, { timeoutMs, intervalMs: 250, label: `liveNodes === ${expected} on ${nodes.map(n => n.name).join(', ')}` })
}

/**
 * Starts `size` nodes in parallel and waits until every node's /stats counts `size` live nodes
 * and names the backend under test. hazelcast: Hazelcast ports picked free now; redis: our own
 * redis-server started first (startRedis). Tries a second time, with new ports, only if a node
 * could not bind its port (another process took a port between our probe and the JVM's bind).
 */
export async function startCluster (size = 3) {
  let lastErr
  for (let attempt = 1; attempt <= STARTUP_ATTEMPTS; attempt++) {
    const hzPorts = BACKEND === 'hazelcast' ? await freePorts(size) : []
    const redis = BACKEND === 'redis' ? await startRedis() : null
    // A name of its own: nodes of another run (or of the Java tests, on this machine at the same
    // time) never join this cluster, whatever ports they use.
    const clusterName = `interop-${process.pid}-${randomBytes(4).toString('hex')}`
    const started = await Promise.allSettled(NODE_NAMES.slice(0, size).map((name, i) =>
      startNode({ name, hzPort: hzPorts[i] ?? null, memberPorts: hzPorts, redisUrl: redis?.url ?? null, clusterName })))
    const nodes = started.filter(r => r.status === 'fulfilled').map(r => r.value)
    const failures = started.filter(r => r.status === 'rejected').map(r => r.reason)
    if (failures.length === 0) {
      const cluster = makeCluster(nodes, hzPorts, clusterName, redis)
      try {
        const t0 = Date.now()
        await waitForLiveNodes(nodes, size)
        cluster.formedMs = Date.now() - t0
        const backends = await Promise.all(nodes.map(n => n.stats().then(s => s.cluster?.backend)))
        if (!backends.every(b => b === BACKEND)) {
          throw new Error(`the nodes' /stats name backends ${JSON.stringify(backends)}, expected ${BACKEND}`)
        }
        const clear = nodes.filter(n => BACKEND === 'hazelcast' && CLUSTER_TLS && !n.output().includes(CLUSTER_TLS_ON))
        if (clear.length > 0) {
          throw new Error(`nodes ${clear.map(n => n.name).join(', ')} did not log '${CLUSTER_TLS_ON}'`)
        }
        return cluster
      } catch (err) {
        await cluster.stopAll()
        throw err
      }
    }
    await Promise.all(nodes.map(n => n.stop()))
    await redis?.stop()
    lastErr = failures[0]
    if (!failures.some(f => f.bindFailure)) break
    debug(`attempt ${attempt}: a node could not bind its port; retrying with new ports`)
  }
  throw lastErr
}

function makeCluster (nodes, hzPorts, clusterName, redis) {
  const retired = []
  const cluster = {
    backend: BACKEND,
    nodes,
    hzPorts,
    /** redis: our redis-server (startRedis); hazelcast: null. */
    redis,
    name: clusterName,
    /**
     * Starts node `i` again, same name (the old process must have exited): hazelcast on the same
     * Hazelcast port and member list; redis on the same Redis URL (it gets a new node id).
     */
    async restart (i) {
      const old = cluster.nodes[i]
      if (old.isAlive()) throw new Error(`${old} is still running`)
      retired.push(old)
      const fresh = await startNode({
        name: old.name, hzPort: old.hzPort, memberPorts: hzPorts, redisUrl: redis?.url ?? null, clusterName
      })
      cluster.nodes[i] = fresh
      return fresh
    },
    /** The nodes first (their goodbyes go through Redis), then the redis-server. */
    async stopAll () {
      try {
        await Promise.all([...cluster.nodes, ...retired].map(n => n.stop()))
      } finally {
        await redis?.stop()
      }
    }
  }
  return cluster
}

/**
 * For a test file: a `size`-node cluster started before its tests, stopped after them (each node
 * SIGTERM by PID, SIGKILL after 15 s; then the redis-server, if any). Returns a handle whose
 * `.cluster` is set once formed. Like ../harness.mjs useTracker, arms an exit guard for native
 * handles left by libwebrtc.
 */
export function useCluster (size = 3) {
  const handle = { cluster: null }
  before(async () => {
    const t0 = Date.now()
    handle.cluster = await startCluster(size)
    const c = handle.cluster
    const store = c.redis ? `; ${c.redis} up in ${c.redis.startupMs} ms` : ''
    console.error(`${TAG} cluster of ${size} up in ${Date.now() - t0} ms (formed ${c.formedMs} ms after the last node listened)${store}: ` +
      c.nodes.map(n => `${n.name} ws ${n.port}${n.hzPort ? ` hz ${n.hzPort}` : ''} pid ${n.pid}`).join('; '))
  }, { timeout: STARTUP_ATTEMPTS * (REDIS_ATTEMPTS * REDIS_STARTUP_DEADLINE_MS + STARTUP_DEADLINE_MS + FORM_DEADLINE_MS) + 20_000 })
  after(async () => {
    try {
      if (handle.cluster) {
        for (const n of handle.cluster.nodes) {
          if (!n.isAlive() && !n.signalledByTest) {
            console.error(`${n} exited during the tests (${JSON.stringify(n.exitInfo())}); output tail:\n${outputTail(n.output())}`)
          }
        }
        const redis = handle.cluster.redis
        if (redis && !redis.isAlive()) {
          console.error(`${redis} exited during the tests (${JSON.stringify(redis.exitInfo())}); output:\n${outputTail(redis.output())}`)
        }
        await handle.cluster.stopAll()
      }
    } finally {
      closeAllPeerConnections()
      const guard = setTimeout(() => {
        console.error('interop cluster harness: process still alive 5 s after the last test; exiting')
        process.exit()
      }, 5000)
      guard.unref()
    }
  }, { timeout: TERM_GRACE_MS + KILL_WAIT_MS + REDIS_TERM_GRACE_MS + KILL_WAIT_MS + 10_000 })
  return handle
}

/**
 * The node Hazelcast lists first in the last member list `from` logged: the oldest member, the
 * cluster's master (it also purges a dead node's counts). Null if the log does not say.
 */
export function oldestMember (nodes, from = nodes[0]) {
  const out = from.output()
  const i = out.lastIndexOf('Members {size:')
  if (i < 0) return null
  const m = /Member \[127\.0\.0\.1\]:(\d+)/.exec(out.slice(i, i + 4096))
  return (m && nodes.find(n => n.hzPort === Number(m[1]))) || null
}

/** Each node's cluster node id, from its /stats. */
export async function nodeIdsOf (nodes) {
  return Promise.all(nodes.map(async n => {
    const id = (await n.stats()).cluster?.nodeId
    if (typeof id !== 'string' || !id) throw new Error(`${n}: /stats has no cluster.nodeId`)
    return id
  }))
}

/**
 * The node of `nodes` (all live) that purges a departed node's counts, as the backend picks it,
 * or null if that cannot be told: { node, why, ids } (ids: every node's id, same order as nodes).
 * - hazelcast: the oldest member, Hazelcast's master (from the member list `nodes[0]` logged);
 * - redis: the live node with the lowest node id (RedisBackend compares ids with
 *   String.compareTo; its ids are lowercase UUIDs, plain ASCII, so JavaScript's < agrees).
 */
export async function purgingNode (nodes) {
  const ids = await nodeIdsOf(nodes)
  if (BACKEND === 'redis') {
    let low = 0
    for (let i = 1; i < ids.length; i++) if (ids[i] < ids[low]) low = i
    return { node: nodes[low], why: `the lowest live node id (${ids[low]}), which purges departed nodes`, ids }
  }
  const node = oldestMember(nodes)
  return node && { node, why: 'the oldest member, Hazelcast master', ids }
}

/** redis: the key of node `nodeId`'s held set (RedisDirectory), which a purge deletes. */
export function redisHeldKey (clusterName, nodeId) {
  return `{${clusterName}}:held:${nodeId}`
}

/** One ../harness.mjs Session per node (clients, scrapes, raw sockets on that node; cleaned up after the test). */
export function sessionsOn (nodes, t) {
  return nodes.map(n => new Session(n, t))
}

// ---------------------------------------------------------------------------------------------
// raw protocol

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A 20-character ASCII id: '-PM0203-' and 12 alphanumerics (as a browser client sends). */
export function asciiId (prefix = '-PM0203-') {
  const bytes = randomBytes(20 - prefix.length)
  let s = prefix
  for (const b of bytes) s += ALNUM[b % ALNUM.length]
  return s
}

function isFailure (m) {
  return typeof m['failure reason'] === 'string'
}

/**
 * Sends an announce on a raw socket (from Session.raw) and resolves with the tracker's reply to
 * it (the message carrying interval/complete/incomplete for that info_hash, or a failure).
 * infoHash and peerId are 20-character strings as on the wire.
 */
export async function rawAnnounce (raw, { infoHash, peerId, event, numwant = 0, left = 1000, offers = [] }, timeoutMs = 5000) {
  const msg = { action: 'announce', info_hash: infoHash, peer_id: peerId, numwant, left, uploaded: 0, downloaded: 0, offers }
  if (event) msg.event = event
  raw.send(msg)
  return raw.next(m => isFailure(m) ||
    (m.action === 'announce' && m.info_hash === infoHash && 'complete' in m && !('offer' in m) && !('answer' in m)),
  timeoutMs)
}

/** A raw scrape of the given 20-character info_hashes; resolves with the reply's `files`. */
export async function rawScrape (raw, infoHashes, timeoutMs = 5000) {
  const list = Array.isArray(infoHashes) ? infoHashes : [infoHashes]
  raw.send({ action: 'scrape', info_hash: list.length === 1 ? list[0] : list })
  const reply = await raw.next(m => isFailure(m) || (m.action === 'scrape' && m.files), timeoutMs)
  if (isFailure(reply)) throw new Error(`scrape refused: ${reply['failure reason']}`)
  return reply.files
}

/** {complete, incomplete} of one swarm. */
export function countsOf (entry) {
  return entry ? { complete: entry.complete, incomplete: entry.incomplete } : { complete: 0, incomplete: 0 }
}

/** Counts are cluster-wide within publish interval (500 ms) + view age (1.5 s); polls get 5 s. */
export const VISIBLE_WITHIN_MS = 5000

/**
 * Polls static scrapes (Client.scrape, a socket of its own each time) on `session`'s node until
 * the swarm's counts equal `want`; resolves with { counts, ms } (ms of polling).
 */
export async function scrapeUntil (session, infoHash, want, label, timeoutMs = VISIBLE_WITHIN_MS) {
  const t0 = Date.now()
  const got = await waitUntil(async () => {
    const c = countsOf(await session.counts(infoHash, 3000))
    return c.complete === want.complete && c.incomplete === want.incomplete && c
  }, { timeoutMs, intervalMs: 100, label })
  return { counts: got, ms: Date.now() - t0 }
}

/** The same with raw scrapes on an open raw socket; infoHash is the 20-character wire form. */
export async function rawScrapeUntil (raw, infoHash, want, label, timeoutMs = VISIBLE_WITHIN_MS) {
  const t0 = Date.now()
  const got = await waitUntil(async () => {
    const c = countsOf((await rawScrape(raw, infoHash, 3000))[infoHash])
    return c.complete === want.complete && c.incomplete === want.incomplete && c
  }, { timeoutMs, intervalMs: 100, label })
  return { counts: got, ms: Date.now() - t0 }
}

/** A syntactically plausible, never-used SDP (the tracker relays offers and answers opaquely). */
export function fakeSdp (kind) {
  return `v=0\r\no=- ${randomBytes(6).readUIntBE(0, 6)} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=interop-${kind}\r\n`
}

// ---------------------------------------------------------------------------------------------
// /stats

/** The node's cluster totals (offersSent, offersReceived, answersSent, answersReceived, ...). */
export async function clusterTotals (node) {
  const s = await node.stats()
  return { ...s.cluster.totals }
}

/** after - before, per key. */
export function delta (afterTotals, beforeTotals) {
  const d = {}
  for (const k of Object.keys(afterTotals)) d[k] = afterTotals[k] - (beforeTotals[k] ?? 0)
  return d
}

export { destroyWebTorrent, newLoopbackWebTorrent } from '../webtorrent-loopback.mjs'
