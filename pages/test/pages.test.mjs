// The landing page, the self-test and the demo player in Debian's headless Chromium, against the
// built jar: what an operator and a viewer see. Screenshots land in $PAGES_SCREENSHOTS (default
// ../tracker-service/target/pages-screenshots), the README's come from there.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { JAR, launchBrowser, startTracker, within } from '../harness.mjs'
import { serveVod } from '../hls-fixture.mjs'

const SECRET = 'pages-test-secret-0123456789'
const SITE_HOST = 'player.example.com'
const SHOTS = path.resolve(process.env.PAGES_SCREENSHOTS ?? '../tracker-service/target/pages-screenshots')
const CHECK_MS = 30_000
const P2P_MS = 30_000

let plain, guarded, browser, vod, signedToken, site
const sitePages = new Map()

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  vod = await serveVod(30, sitePages)
  site = `http://${SITE_HOST}:${vod.port}`
  ;[plain, guarded, browser] = await Promise.all([
    startTracker(['--pages.ice-servers', '']),
    startTracker(['--pages.ice-servers', '', '--access.origin-allowlist', site], { TRACKER_ACCESS_URL_SECRET: SECRET }),
    launchBrowser(SITE_HOST)
  ])
  // The operator's own site, with the self-test embedded: it runs with the site's Origin.
  sitePages.set('/', `<!doctype html><title>player site</title><div id="hivecast-check"></div>
    <script type="module" src="${guarded.base}/pages/check.js"></script>`)
  const { stdout } = await promisify(execFile)('java', ['-cp', JAR, 'dev.hivecast.tracker.access.SignUrl',
    `${guarded.base.replace('http', 'ws')}/`, '600'], { env: { ...process.env, TRACKER_ACCESS_URL_SECRET: SECRET } })
  signedToken = new URL(stdout.trim()).searchParams.get('token')
})

after(async () => {
  await Promise.all([plain?.stop(), guarded?.stop(), browser?.close(), vod?.close()])
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
  await page.screenshot({ path: path.join(SHOTS, 'check.png'), fullPage: true })
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
  await page.screenshot({ path: path.join(SHOTS, 'landing.png'), fullPage: true })
  await page.close()
})

test('/demo in two pages plays a VOD stream, and the second page gets bytes from the first', async () => {
  const demo = `${plain.base}/demo?src=${encodeURIComponent(vod.url)}`
  const bytes = page => page.evaluate(() => ({
    p2p: Number(document.body.dataset.p2pBytes ?? 0),
    http: Number(document.body.dataset.httpBytes ?? 0),
    peers: Number(document.body.dataset.peers ?? 0),
    played: document.getElementById('demo-video').currentTime,
    error: document.body.dataset.error
  }))
  const first = await browser.context.newPage()
  await first.goto(demo)
  await first.waitForFunction(() => Number(document.body.dataset.httpBytes) > 0, null, { timeout: 15_000 })
  const second = await browser.context.newPage()
  await second.goto(demo)
  await second.waitForFunction(() => Number(document.body.dataset.p2pBytes) > 0, null, { timeout: P2P_MS })
  await within(10_000, 'playback', second.waitForFunction(() => document.getElementById('demo-video').currentTime > 1))
  const seen = await bytes(second)
  await second.screenshot({ path: path.join(SHOTS, 'demo.png'), fullPage: true })
  assert.ok(seen.p2p > 0 && seen.peers >= 1, JSON.stringify(seen))
  assert.equal(seen.error, undefined)
  await Promise.all([first.close(), second.close()])
})
