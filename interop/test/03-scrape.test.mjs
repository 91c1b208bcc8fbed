// Behaviour area: scrape (docs/protocol.md#g48 to #g53) through the real bittorrent-tracker Client:
// the static Client.scrape for one and several info_hashes, and a client's own scrape().
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { Session, divergence, hexToBinary, isReference, randomIdHex, useTracker, waitForEvent } from '../harness.mjs'

const h = useTracker()

/**
 * Fresh swarms for one test: A has a seeder (left 0) and a leecher (left 1000), B one
 * leecher, C is never announced.
 */
async function setup (s) {
  const hashA = randomIdHex()
  const hashB = randomIdHex()
  const hashC = randomIdHex()
  const seederA = s.client({ infoHash: hashA, label: 'seederA', getAnnounceOpts: () => ({ left: 0 }) })
  const leecherA = s.client({ infoHash: hashA, label: 'leecherA', getAnnounceOpts: () => ({ left: 1000 }) })
  const leecherB = s.client({ infoHash: hashB, label: 'leecherB', getAnnounceOpts: () => ({ left: 1000 }) })
  assert.deepEqual(pick(await s.start(seederA)), { complete: 1, incomplete: 0 }, 'seeder on A')
  assert.deepEqual(pick(await s.start(leecherA)), { complete: 1, incomplete: 1 }, 'leecher on A')
  assert.deepEqual(pick(await s.start(leecherB)), { complete: 0, incomplete: 1 }, 'leecher on B')
  return { hashA, hashB, hashC, seederA, leecherA, leecherB }
}

function pick (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

function assertEntry (entry, complete, incomplete, what) {
  assert.ok(entry, `${what}: entry present`)
  assert.equal(entry.complete, complete, `${what}: complete`)
  assert.equal(entry.incomplete, incomplete, `${what}: incomplete`)
  assert.equal(typeof entry.downloaded, 'number', `${what}: downloaded is a number`)
  assert.ok(Number.isInteger(entry.downloaded) && entry.downloaded >= 0, `${what}: downloaded is a non-negative integer`)
  if (isReference) {
    assert.equal(entry.downloaded, entry.complete, `${what}: reference reports downloaded = complete`)
  }
}

test('static Client.scrape of one info_hash returns its complete/incomplete counts and a numeric downloaded (G48)', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const { hashA, hashB } = await setup(s)
  const a = await s.scrape(hashA)
  assert.deepEqual(Object.keys(a), [hashA], 'exactly the requested hash')
  assertEntry(a[hashA], 1, 1, 'A')
  const b = await s.scrape(hashB)
  assertEntry(b[hashB], 0, 1, 'B')
})

test('static Client.scrape of several info_hashes returns one entry per hash, an unknown hash gets zeros (G49)', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const { hashA, hashB, hashC } = await setup(s)
  const r = await s.scrape([hashA, hashB, hashC])
  assert.deepEqual(Object.keys(r).sort(), [hashA, hashB, hashC].sort(), 'one entry per requested hash')
  assertEntry(r[hashA], 1, 1, 'A')
  assertEntry(r[hashB], 0, 1, 'B')
  assertEntry(r[hashC], 0, 0, 'C (unknown)')
  assert.equal(r[hashC].downloaded, 0, 'C (unknown): downloaded 0')
})

test('scrape of an unknown info_hash alone gets zeros, not an empty files object (G49)', { timeout: 20_000 }, async t => {
  const s = new Session(h.tracker, t)
  const unknown = randomIdHex()
  const r = await s.scrape(unknown) // Client.scrape fails with `invalid scrape response` on {}
  assertEntry(r[unknown], 0, 0, 'unknown')
  assert.equal(r[unknown].downloaded, 0)
})

test('a Client\'s own scrape() reports its swarm, and scrape({infoHash:[..]}) on the same socket reports every hash (G48, G49)', { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const { hashA, hashB, hashC, leecherB } = await setup(s)

  const own = waitForEvent(leecherB, 'scrape', { timeoutMs: 10_000, label: 'own scrape' })
  leecherB.scrape()
  const mine = await own
  assert.equal(mine.infoHash, hashB, 'own scrape answers for its own info_hash')
  assertEntry(mine, 0, 1, 'own (B)')

  const seen = {}
  const all = waitForEvent(leecherB, 'scrape', {
    timeoutMs: 10_000,
    label: 'multi scrape',
    filter: d => { seen[d.infoHash] = d; return Object.keys(seen).length === 3 }
  })
  leecherB.scrape({ infoHash: [hashA, hashB, hashC] })
  await all
  assertEntry(seen[hashA], 1, 1, 'A via client scrape')
  assertEntry(seen[hashB], 0, 1, 'B via client scrape')
  assertEntry(seen[hashC], 0, 0, 'C via client scrape')
  assert.deepEqual(leecherB.warnings.map(w => w.message), [], 'no warnings on the client')
})

test(`full scrape (no info_hash): ${isReference ? 'reference answers with every swarm' : 'refused with a failure reason (our decision (docs/protocol.md#decisions); the reference allows it)'} (G50)`, { timeout: 30_000 }, async t => {
  const s = new Session(h.tracker, t)
  const { hashA, hashB } = await setup(s)
  // The real clients never send this (BTc always puts a hash in), so a raw socket sends it.
  const raw = await s.raw()
  raw.send({ action: 'scrape' })
  const reply = await raw.next(() => true, 5000)
  if (isReference) {
    assert.equal(reply.action, 'scrape', divergence('', 'full scrape answered'))
    assert.ok(reply.files && typeof reply.files === 'object', divergence('', 'full scrape has files'))
    assertEntry(reply.files[hexToBinary(hashA)], 1, 1, divergence('', 'full scrape lists A'))
    assertEntry(reply.files[hexToBinary(hashB)], 0, 1, divergence('', 'full scrape lists B'))
  } else {
    assert.equal(typeof reply['failure reason'], 'string', divergence('full scrape refused with a failure reason', ''))
    assert.equal(reply.files, undefined, divergence('a refused full scrape lists no swarms', ''))
    if ('action' in reply) assert.equal(reply.action, 'scrape', 'failure carries action scrape')
    // The connection stays usable.
    raw.send({ action: 'scrape', info_hash: hexToBinary(hashB) })
    const ok = await raw.next(m => m.action === 'scrape' && m.files, 5000)
    assertEntry(ok.files[hexToBinary(hashB)], 0, 1, 'scrape on the same connection after the refusal')
  }
})
