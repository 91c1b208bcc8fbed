// Runs the Node suites (the interop suites here, the pages' browser tests in ../pages) in the
// background of the build, so that they overlap the in-process integration tests instead of
// following them (the build's wall time is the sum otherwise).
//
//   node suites.mjs run <dir>              the tracker's class-data archive when INTEROP_CDS_ARCHIVE
//                                          names one (cds-archive.mjs), then the suites one after
//                                          the other, each into <dir>/<suite>.log, then
//                                          <dir>/<suite>.status (exit code)
//   node suites.mjs await <dir> <seconds>  waits for every status, prints each log, and exits 1
//                                          if a suite failed or did not finish in time
//
// The Maven build starts `run` asynchronously before the integration tests and `await` after them.
// Each suite runs in a process group of its own, so that stopping the runner (SIGTERM from Maven,
// or its own deadline) stops the suite's test processes and trackers too, by their group.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const RUN_DEADLINE_MS = 30 * 60 * 1000

/**
 * The same runs as, here, `npm test`, `npm run test:cluster` twice (one per backend) and
 * `npm run test:reference`, then `npm test` in ../pages with the same jar.
 */
const SUITES = [
  { name: 'this-tracker', dir: HERE, script: 'test', env: {} },
  { name: 'cluster-hazelcast', dir: HERE, script: 'test:cluster', env: { INTEROP_CLUSTER_BACKEND: 'hazelcast' } },
  { name: 'cluster-redis', dir: HERE, script: 'test:cluster', env: { INTEROP_CLUSTER_BACKEND: 'redis' } },
  { name: 'reference', dir: HERE, script: 'test:reference', env: {} },
  { name: 'pages', dir: path.join(HERE, '..', 'pages'), script: 'test', env: jarFor('PAGES_TRACKER_JAR') }
]

/** The jar under test, passed on under the name the pages' harness reads (its default otherwise). */
function jarFor (name) {
  const jar = process.env.INTEROP_TRACKER_JAR
  return jar ? { [name]: jar } : {}
}

const [mode, dir, seconds] = process.argv.slice(2)
if (!dir || (mode !== 'run' && mode !== 'await')) {
  console.error('usage: node suites.mjs run <dir> | await <dir> <seconds>')
  process.exit(2)
}
if (mode === 'run') await runAll(dir)
else process.exit(await awaitAll(dir, Number(seconds)))

async function runAll (out) {
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(out, { recursive: true })
  let current = null
  const stop = () => {
    if (current) killGroup(current)
    process.exit(1)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  const deadline = setTimeout(stop, RUN_DEADLINE_MS)
  current = await makeCdsArchive(out)
  for (const suite of SUITES) {
    const log = fs.openSync(path.join(out, `${suite.name}.log`), 'w')
    current = spawn('npm', ['run', suite.script], {
      cwd: suite.dir,
      env: { ...process.env, ...suite.env },
      stdio: ['ignore', log, log],
      detached: true
    })
    const code = await new Promise(resolve => current.on('close', (c, signal) => resolve(c ?? 128)))
    fs.closeSync(log)
    fs.writeFileSync(path.join(out, `${suite.name}.status`), String(code))
  }
  clearTimeout(deadline)
}

/**
 * The tracker's class-data archive (cds-archive.mjs), before the first suite starts the jar, when
 * the build names one; its log is printed with the suites'. Returns the finished child.
 */
async function makeCdsArchive (out) {
  const jar = process.env.INTEROP_TRACKER_JAR
  const archive = process.env.INTEROP_CDS_ARCHIVE
  if (!jar || !archive) return null
  const log = fs.openSync(path.join(out, 'cds-archive.log'), 'w')
  const child = spawn(process.execPath, [path.join(HERE, 'cds-archive.mjs'), jar, archive],
    { stdio: ['ignore', log, log], detached: true })
  await new Promise(resolve => child.on('close', resolve))
  fs.closeSync(log)
  return child
}

function killGroup (child) {
  try { process.kill(-child.pid, 'SIGTERM') } catch {}
}

async function awaitAll (out, limitSeconds) {
  const until = Date.now() + limitSeconds * 1000
  let failed = 0
  const cdsLog = path.join(out, 'cds-archive.log')
  if (fs.existsSync(cdsLog)) process.stdout.write(fs.readFileSync(cdsLog))
  for (const suite of SUITES) {
    const status = path.join(out, `${suite.name}.status`)
    while (!fs.existsSync(status) && Date.now() < until) await sleep(500)
    console.log(`\n===== interop suite ${suite.name} =====`)
    const log = path.join(out, `${suite.name}.log`)
    if (fs.existsSync(log)) process.stdout.write(fs.readFileSync(log))
    const code = fs.existsSync(status) ? fs.readFileSync(status, 'utf8').trim() : 'did not finish'
    console.log(`===== interop suite ${suite.name}: ${code === '0' ? 'passed' : `FAILED (${code})`} =====`)
    if (code !== '0') failed++
  }
  return failed === 0 ? 0 : 1
}

function sleep (ms) {
  return new Promise(resolve => setTimeout(resolve, ms))
}
