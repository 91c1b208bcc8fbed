// Makes a class-data sharing archive of the tracker jar for the test runs that start it as a
// process (the Node suites and the cluster ITs start it about fifty times per build). A start
// costs 4.5 s of CPU alone and 7 s as a Hazelcast member on this build's two cores; with the
// archive, about half, because the JVM maps the classes it loaded here instead of parsing and
// verifying them again.
//
//   node cds-archive.mjs <jar> <archive>
//
// The archive is made by one start as a lone Hazelcast member (so Hazelcast's classes are in it
// too, which single-node starts do not load but do not mind) stopped by SIGTERM: the JVM writes
// it on the way out (-XX:ArchiveClassesAtExit). The launchers pass -XX:SharedArchiveFile=<archive>
// when they start this same jar and the archive exists (INTEROP_CDS_ARCHIVE for the Node suites,
// the tracker.cds system property for the ITs), so the archive is written under another name and
// renamed when whole. A JVM that finds it stale warns and starts without it: a failure here costs
// time, not a test, so it is reported and the build goes on. suites.mjs runs this first.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'

const READY = /Players announce to ws:\/\/127\.0\.0\.1:\d+\//
const START_DEADLINE_MS = 60_000
const EXIT_DEADLINE_MS = 30_000

const [jar, archive] = process.argv.slice(2)
if (!jar || !archive) {
  console.error('usage: node cds-archive.mjs <jar> <archive>')
  process.exit(2)
}
const partial = `${archive}.partial`
fs.rmSync(archive, { force: true })
fs.rmSync(partial, { force: true })
const started = Date.now()
try {
  await makeArchive(jar, partial)
  fs.renameSync(partial, archive)
  const mib = (fs.statSync(archive).size / 1048576).toFixed(0)
  console.log(`cds-archive: ${archive} (${mib} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
} catch (err) {
  fs.rmSync(partial, { force: true })
  console.warn(`cds-archive: WARNING no archive, tracker processes start without one: ${err.message}`)
}

async function makeArchive (jar, archive) {
  const port = await freePort()
  const child = spawn(process.env.JAVA || 'java', [
    `-XX:ArchiveClassesAtExit=${archive}`, '-jar', jar,
    '--host', '127.0.0.1', '--port', '0', '--drain.window', '1s',
    '--cluster.backend', 'hazelcast', '--cluster.name', `cds-archive-${process.pid}`,
    '--cluster.host', '127.0.0.1', '--cluster.port', String(port), '--cluster.members', `127.0.0.1:${port}`
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })))
  const ready = new Promise(resolve => {
    const onData = chunk => {
      output += chunk
      if (READY.test(output)) resolve(true)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
  })
  const isReady = await Promise.race([ready, exited.then(() => false), delay(START_DEADLINE_MS).then(() => false)])
  if (!isReady) {
    child.kill('SIGKILL')
    throw new Error(`the tracker did not start within ${START_DEADLINE_MS / 1000} s:\n${output.slice(-2000)}`)
  }
  child.kill('SIGTERM')
  const exit = await Promise.race([exited, delay(EXIT_DEADLINE_MS).then(() => null)])
  if (!exit) {
    child.kill('SIGKILL')
    throw new Error(`the tracker did not exit within ${EXIT_DEADLINE_MS / 1000} s of SIGTERM`)
  }
  if (!fs.existsSync(archive)) throw new Error(`the JVM wrote no archive:\n${output.slice(-2000)}`)
}

function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function delay (ms) {
  return new Promise(resolve => setTimeout(resolve, ms).unref())
}
