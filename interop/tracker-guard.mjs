// Watchdog for a tracker process started by the harness: if the test process that started
// the tracker dies without stopping it (e.g. a native crash in libwebrtc aborts the test
// process, so no `after` hook runs), this stops the tracker, by its PID, so no tracker is
// left listening.
//
// Run (by harness.mjs): node tracker-guard.mjs <trackerPid> <cmdline marker>, stdin = a pipe
// from the test process. When stdin ends (the test process finished or died) and the tracker
// is still alive and its command line still contains the marker (no PID reuse): SIGTERM, then
// SIGKILL after 15 s. Exits as soon as the tracker is gone. Hard cap: 2 h.
import fs from 'node:fs'

const pid = Number(process.argv[2])
const marker = String(process.argv[3] || '')
if (!Number.isInteger(pid) || pid <= 1 || !marker) process.exit(2)

function alive () {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)
  } catch {
    return false
  }
}

let stopping = false
async function parentGone () {
  if (stopping) return
  stopping = true
  // Give the test process's own (normal) stop a moment to finish first.
  for (let i = 0; i < 20 && alive(); i++) await sleep(100)
  if (!alive()) process.exit(0)
  try { process.kill(pid, 'SIGTERM') } catch {}
  for (let i = 0; i < 150 && alive(); i++) await sleep(100)
  if (alive()) {
    try { process.kill(pid, 'SIGKILL') } catch {}
  }
  process.exit(0)
}

function sleep (ms) {
  return new Promise(resolve => setTimeout(resolve, ms))
}

process.stdin.on('end', parentGone)
process.stdin.on('close', parentGone)
process.stdin.on('error', parentGone)
process.stdin.resume()
// A Ctrl-C reaches the whole process group: do the cleanup instead of dying first.
process.on('SIGINT', parentGone)
process.on('SIGTERM', parentGone)
process.on('SIGHUP', parentGone)

const poll = setInterval(() => { if (!stopping && !alive()) process.exit(0) }, 1000)
setTimeout(() => { clearInterval(poll); parentGone() }, 2 * 60 * 60 * 1000).unref()
