// A live HLS stream made at test time and served on loopback. Debian's ffmpeg encodes a test
// pattern and a tone into 1 s segments, in the background while other tests run and faster than
// real time, so no test waits for them; the server then publishes them as a live origin does: a
// sliding playlist without EXT-X-ENDLIST that gains a segment a second and drops the oldest. It
// starts WINDOW segments long when first asked for, as a stream that has been running a while
// looks to a viewer who joins it. The same
// server serves any page a test puts in `pages`, for a made-up site that embeds the tracker's
// scripts.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { within } from './harness.mjs'

const FFMPEG = process.env.PAGES_FFMPEG ?? '/usr/bin/ffmpeg'
const SECONDS = 75 // of stream: the playlist slides for SECONDS - WINDOW s, longer than the demo test waits
const WINDOW = 20 // segments in the playlist: P2P Media Loader keeps viewers that far behind the edge
const ENCODE_MS = 60_000
const running = new Set()

// Whatever ends this process, no encoder it started keeps running.
process.on('exit', () => { for (const child of running) child.kill('SIGKILL') })

// Small and cheap on a shared machine: 320x180 at 10 fps, a key frame starting each segment,
// about 250 kbit/s with its audio.
const ENCODE = ['-hide_banner', '-loglevel', 'error',
  '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=10:duration=${SECONDS}`,
  '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${SECONDS}`,
  '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-b:v', '200k', '-pix_fmt', 'yuv420p',
  '-c:a', 'aac', '-b:a', '48k',
  '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-hls_segment_filename', 'segment%d.ts', 'all.m3u8']

/** Runs ffmpeg in `dir`; resolves with the segments' durations in order. */
async function encode (dir) {
  const encoder = spawn(FFMPEG, ENCODE, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  running.add(encoder)
  let said = ''
  encoder.stderr.on('data', chunk => { said += chunk })
  try {
    const code = await within(ENCODE_MS, 'ffmpeg encoding', new Promise((resolve, reject) => {
      encoder.once('exit', resolve)
      encoder.once('error', reject)
    }))
    if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${said}`)
  } finally {
    running.delete(encoder)
    if (encoder.exitCode === null && encoder.signalCode === null) process.kill(encoder.pid, 'SIGKILL')
  }
  const playlist = fs.readFileSync(path.join(dir, 'all.m3u8'), 'utf8')
  return [...playlist.matchAll(/^#EXTINF:([\d.]+),\nsegment(\d+)\.ts$/gm)].map(([, duration]) => duration)
}

/** The live playlist once `newest` is the newest segment published. */
function playlist (durations, newest) {
  const first = Math.max(0, newest - WINDOW + 1)
  // Viewers start as far behind the edge as P2P Media Loader would move them: left to hls.js,
  // the first start can come 3 segments from the edge, where every segment is needed over HTTP.
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-START:TIME-OFFSET=-${WINDOW - 1}`]
  for (let i = first; i <= newest; i++) lines.push(`#EXTINF:${durations[i]},`, `segment${i}.ts`)
  return lines.join('\n') + '\n'
}

/**
 * Serves on 127.0.0.1, any free port, to any Origin, and starts encoding. ready() resolves once
 * the stream is encoded; from the first request for /live.m3u8 on, it is live.
 * @returns {{url: string, port: number, requests: Map<string, number>, ready: () => Promise<void>,
 *            playlist: () => string, close: () => Promise<void>}}
 */
export async function serveLive (pages = new Map()) {
  if (!fs.existsSync(FFMPEG)) throw new Error(`${FFMPEG} is missing: apt-get install -y ffmpeg (.ci/run installs it)`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hivecast-live-'))
  const encoded = encode(dir)
  encoded.catch(() => { /* ready() reports it */ })
  let durations = []
  let started = null
  const newest = () => Math.min(durations.length - 1, WINDOW - 1 + Math.floor((Date.now() - started) / 1000))
  const requests = new Map()
  const server = http.createServer((req, res) => {
    const url = req.url.split('?')[0]
    requests.set(url, (requests.get(url) ?? 0) + 1)
    res.setHeader('Access-Control-Allow-Origin', '*')
    const page = pages.get(url)
    const segment = url.match(/^\/segment(\d+)\.ts$/)
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page)
    } else if (url === '/live.m3u8' && durations.length > 0) {
      started ??= Date.now()
      // changes every second: never cached
      res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': 'no-store' })
      res.end(playlist(durations, newest()))
    } else if (segment && started !== null && Number(segment[1]) <= newest()) {
      res.writeHead(200, { 'Content-Type': 'video/mp2t' }).end(fs.readFileSync(path.join(dir, url.slice(1))))
    } else {
      res.writeHead(404).end() // includes the segments not published yet, as at a live origin
    }
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  return {
    url: `http://127.0.0.1:${port}/live.m3u8`,
    port,
    requests,
    async ready () {
      const made = await encoded
      if (made.length < SECONDS) throw new Error(`ffmpeg made ${made.length} segments, not ${SECONDS}`)
      durations = made
    },
    playlist: () => playlist(durations, newest()),
    async close () {
      for (const child of running) process.kill(child.pid, 'SIGKILL')
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}
