// The landing page, the self-test and the demo player in Debian's headless Chromium, against the
// built jar: what an operator and a viewer see. Screenshots land in $PAGES_SCREENSHOTS (default
// ../tracker-service/target/pages-screenshots); PAGES_SCREENSHOTS=../docs/images refreshes the
// README's.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { JAR, launchBrowser, startTracker, within } from '../harness.mjs'
import { serveLive } from '../live-stream.mjs'

const SECRET = 'pages-test-secret-0123456789'
const SITE_HOST = 'player.example.com'
const SHOTS = path.resolve(process.env.PAGES_SCREENSHOTS ?? '../tracker-service/target/pages-screenshots')
const CHECK_MS = 30_000
const P2P_MS = 30_000
const VIEWERS = 3

let plain, guarded, browser, live, signedToken, site
const sitePages = new Map()

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  live = await serveLive(sitePages)
  site = `http://${SITE_HOST}:${live.port}`
  // Each is kept as soon as it is up, so that after() stops it even when another failed to start.
  const starting = await Promise.allSettled([
    startTracker(['--pages.ice-servers', '', '--insight.beacon', 'true', '--insight.streams', live.url]).then(t => { plain = t }),
    startTracker(['--pages.ice-servers', '', '--access.origin-allowlist', site], { TRACKER_ACCESS_URL_SECRET: SECRET }).then(t => { guarded = t }),
    launchBrowser(SITE_HOST).then(b => { browser = b })
  ])
  const failed = starting.find(s => s.status === 'rejected')
  if (failed) throw failed.reason
  // The operator's own site, with the self-test embedded: it runs with the site's Origin.
  sitePages.set('/', `<!doctype html><title>player site</title><div id="hivecast-check"></div>
    <script type="module" src="${guarded.base}/pages/check.js"></script>`)
  const { stdout } = await promisify(execFile)('java', ['-cp', JAR, 'dev.hivecast.tracker.access.SignUrl',
    `${guarded.base.replace('http', 'ws')}/`, '600'], { env: { ...process.env, TRACKER_ACCESS_URL_SECRET: SECRET } })
  signedToken = new URL(stdout.trim()).searchParams.get('token')
})

after(async () => {
  await Promise.all([plain?.stop(), guarded?.stop(), browser?.close(), live?.close()])
})

/** Runs the self-test in `page` (already on its way to it) and returns its result and steps by id. */
async function checkResult (page) {
  await page.waitForSelector('body[data-check-result]', { timeout: CHECK_MS })
  const steps = await page.$$eval('[data-step]', nodes => Object.fromEntries(nodes.map(n =>
    [n.dataset.step, { status: n.dataset.status, text: n.textContent }])))
  return { result: await page.getAttribute('body', 'data-check-result'), steps }
}

test('/check passes against a plain tracker, every step but STUN (none configured) passing', async () => {
  const page = await browser.context.newPage()
  await page.goto(`${plain.base}/check`)
  const { result, steps } = await checkResult(page)
  await page.screenshot({ path: path.join(SHOTS, 'pages-check.png'), fullPage: true })
  assert.equal(result, 'pass', JSON.stringify(steps, null, 1))
  for (const id of ['access', 'upgrade', 'announce', 'relay', 'datachannel']) assert.equal(steps[id].status, 'pass', id)
  assert.equal(steps.ice.status, 'warn')
  assert.match(steps.ice.text, /gathered: host/)
  assert.match(steps.ice.text, /pages\.ice-servers/)
  await page.close()
})

test('/check fails at the rules step, naming the refused Origin and the setting, when the Origin is refused', async () => {
  const page = await browser.context.newPage()
  await page.goto(`${guarded.base}/check`)
  const { result, steps } = await checkResult(page)
  assert.equal(result, 'fail')
  assert.equal(steps.access.status, 'fail')
  assert.match(steps.access.text, new RegExp(`refuses pages from ${guarded.base}`))
  assert.match(steps.access.text, /Fix: add .* to access\.origin-allowlist/)
  assert.equal(steps.upgrade.status, 'fail', 'the WebSocket itself is refused too')
  assert.equal(steps.announce.status, 'skipped')
  await page.close()
})

test('/check embedded in an allowed site fails on a missing token, and passes with a signed one', async () => {
  const page = await browser.context.newPage()
  await page.goto(`${site}/`)
  const missing = await checkResult(page)
  assert.equal(missing.result, 'fail')
  assert.equal(missing.steps.access.status, 'fail')
  assert.match(missing.steps.access.text, /Signed URLs are on .* no \?token=/)
  await page.goto(`${site}/?token=${encodeURIComponent(signedToken)}`)
  const signed = await checkResult(page)
  assert.equal(signed.result, 'pass', JSON.stringify(signed.steps, null, 1))
  assert.match(signed.steps.access.text, new RegExp(`accepts upgrades from ${site}`))
  await page.close()
})

test('the landing page shows the announce URL, the snippets with it, and live figures', async () => {
  const page = await browser.context.newPage()
  await page.goto(`${plain.base}/`)
  const announce = `${plain.base.replace('http', 'ws')}/`
  await page.waitForFunction(url => document.getElementById('announce-url').textContent === url, announce)
  assert.match(await page.textContent('#snippet-hlsjs'), new RegExp(`announceTrackers: \\["${announce}"\\]`))
  assert.match(await page.textContent('#snippet-webtorrent'), new RegExp(announce))
  // a viewer connects: the live view shows it within a few refreshes
  await page.evaluate(url => { window.viewer = new WebSocket(url) }, announce)
  await page.waitForFunction(() => Number(document.body.dataset.liveConnections) >= 1, null, { timeout: 10_000 })
  await page.screenshot({ path: path.join(SHOTS, 'pages-landing.png'), fullPage: true })
  await page.close()
})

/** What a demo page shows of itself: its own counts of P2P Media Loader's chunk events. */
const figures = page => page.evaluate(() => ({
  p2p: Number(document.body.dataset.p2pBytes ?? 0),
  http: Number(document.body.dataset.httpBytes ?? 0),
  peers: Number(document.body.dataset.peers ?? 0),
  played: document.getElementById('demo-video').currentTime,
  error: document.body.dataset.error
}))

/** tracker_player_bytes_total by source, for `stream` (a named stream's label) and over all. */
async function playerBytes (base, stream) {
  const text = await (await fetch(`${base}/metrics`)).text()
  const sums = { p2p: 0, http: 0, named: { p2p: 0, http: 0 } }
  for (const [, labels, value] of text.matchAll(/^tracker_player_bytes_total\{([^}]*)\} (\S+)$/gm)) {
    const source = labels.match(/source="(\w+)"/)[1]
    sums[source] += Number(value)
    if (labels.includes(`stream="${stream}"`)) sums.named[source] += Number(value)
  }
  return sums
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const near = (a, b) => Math.abs(a - b) <= 0.02 * Math.max(a, b)

test(`/demo with ${VIEWERS} viewers of a live stream: they share bytes, and the beacon totals in /metrics are their own counts`, async () => {
  await live.ready()
  const demo = `${plain.base}/demo?src=${encodeURIComponent(live.url)}`
  const viewers = []
  for (let i = 0; i < VIEWERS; i++) {
    viewers.push(await browser.context.newPage())
    await viewers[i].goto(demo)
  }
  await viewers[0].waitForFunction(() => Number(document.body.dataset.httpBytes) > 0, null, { timeout: 15_000 })
  let seen = []
  await within(P2P_MS, 'P2P bytes in a viewer', (async () => {
    for (let i = 0; i < P2P_MS / 500; i++) {
      seen = await Promise.all(viewers.map(figures))
      if (seen.some(s => s.p2p > 0)) return
      await sleep(500)
    }
  })()).catch(e => { throw new Error(`${e.message}: ${JSON.stringify(seen)}`) })
  await within(10_000, 'playback', Promise.all(viewers.map(page =>
    page.waitForFunction(() => document.getElementById('demo-video').currentTime > 1))))
  seen = await Promise.all(viewers.map(figures))
  const sharing = viewers[seen.findIndex(s => s.p2p > 0)]
  await sharing.screenshot({ path: path.join(SHOTS, 'pages-demo.png'), fullPage: true })
  assert.ok(seen.some(s => s.p2p > 0 && s.peers >= 1), JSON.stringify(seen))
  for (const s of seen) assert.equal(s.error, undefined, JSON.stringify(seen))
  const playlist = live.playlist()
  assert.doesNotMatch(playlist, /EXT-X-ENDLIST/, 'a live playlist has no end')
  assert.ok(Number(playlist.match(/#EXT-X-MEDIA-SEQUENCE:(\d+)/)[1]) > 0, `the playlist slid:\n${playlist}`)

  // Stop: each page stops counting and sends its last beacon in one step.
  const own = { p2p: 0, http: 0 }
  for (const page of viewers) {
    await page.click('#demo-stop', { timeout: 5_000 })
    await page.waitForSelector('body[data-stopped]', { timeout: 5_000 })
    const final = await figures(page)
    own.p2p += final.p2p
    own.http += final.http
  }
  let reported
  await within(10_000, 'beacons in /metrics', (async () => {
    for (let i = 0; i < 20; i++) {
      reported = await playerBytes(plain.base, live.url)
      if (near(reported.p2p, own.p2p) && near(reported.http, own.http)) return
      await sleep(500)
    }
  })()).catch(() => { /* the assertions below say what differs */ })
  const said = `players ${JSON.stringify(own)}, /metrics ${JSON.stringify(reported)}`
  console.log(`demo, ${VIEWERS} viewers of a live stream: ${said}`)
  assert.ok(own.p2p > 0 && own.http > 0, said)
  assert.ok(near(reported.p2p, own.p2p), `p2p within 2 %: ${said}`)
  assert.ok(near(reported.http, own.http), `http within 2 %: ${said}`)
  assert.deepEqual(reported.named, { p2p: reported.p2p, http: reported.http }, `all under the named stream: ${said}`)
  await Promise.all(viewers.map(page => page.close()))
})
