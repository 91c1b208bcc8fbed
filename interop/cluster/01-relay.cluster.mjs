// Behaviour area: cluster mode, the cross-node relay and cluster-wide counts. One 3-node
// cluster (A, B, C; joined by Hazelcast on loopback or through one loopback redis-server, as
// INTEROP_CLUSTER_BACKEND says; test names start with [hazelcast] or [redis]) for the file;
// every test uses swarms of its own. Nothing here depends on the backend.
//
// A node routes an announce's offers by its view of the other nodes' members, read from the
// cluster directory (each node publishes its counts every 500 ms). A member on another node is
// therefore a relay target only once that node has published it: before a second member joins
// on another node, the tests wait (by scraping on the joining member's node, with a deadline)
// until the first one is visible there, as a real audience would be by then.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'

import MemoryChunkStore from 'memory-chunk-store'

import { randomIdHex, waitForEvent, waitUntil, withDeadline } from '../harness.mjs'
import {
  TAG, VISIBLE_WITHIN_MS, clusterTotals, countsOf, delta, destroyWebTorrent, newLoopbackWebTorrent, scrapeUntil, sessionsOn, useCluster
} from './cluster-harness.mjs'

const h = useCluster(3)

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

test(`${TAG} two Clients on different nodes (A and B), same info_hash, open a WebRTC data channel through the cross-node offer/answer relay and exchange bytes both ways`, { timeout: 60_000 }, async t => {
  const [A, B] = h.cluster.nodes
  const [onA, onB] = sessionsOn([A, B], t)
  const infoHash = randomIdHex()
  const a = onA.client({ infoHash, label: 'a-on-A' })
  const b = onB.client({ infoHash, label: 'b-on-B' })
  const totalsBefore = [await clusterTotals(A), await clusterTotals(B)]

  assert.deepEqual(counts(await onA.start(a)), { complete: 0, incomplete: 1 }, 'a alone on A')
  const seen = await scrapeUntil(onB, infoHash, { complete: 0, incomplete: 1 }, "a scrape on B counting a's membership on A")
  t.diagnostic(`a's membership visible on B ${seen.ms} ms after its announce reply`)

  // b's offers: B has no other member of the swarm, so they go to A, where a answers; the
  // answer comes back to B. Both peers must reach `connect`.
  const aConnected = waitForEvent(a, 'peer-connected', { timeoutMs: 30_000, label: 'a (on A): data channel open' })
  const bConnected = waitForEvent(b, 'peer-connected', { timeoutMs: 30_000, label: 'b (on B): data channel open' })
  assert.deepEqual(counts(await onB.start(b)), { complete: 0, incomplete: 2 }, "b's announce reply on B counts a's membership on A")
  const [peerOnA, peerOnB] = await Promise.all([aConnected, bConnected])
  assert.equal(peerOnA.id, b.peerId, "a's peer is b (the relayed offer carries b's peer_id)")
  assert.equal(peerOnB.id, a.peerId, "b's peer is a (the relayed answer carries a's peer_id)")

  const fromA = 'from a on node A ' + randomIdHex()
  const fromB = 'from b on node B ' + randomIdHex()
  const gotOnB = waitForEvent(peerOnB, 'data', { timeoutMs: 10_000, label: 'b receives' })
  const gotOnA = waitForEvent(peerOnA, 'data', { timeoutMs: 10_000, label: 'a receives' })
  peerOnA.write(fromA)
  peerOnB.write(fromB)
  const [onBData, onAData] = await Promise.all([gotOnB, gotOnA])
  assert.equal(Buffer.from(onBData).toString(), fromA, 'bytes a -> b')
  assert.equal(Buffer.from(onAData).toString(), fromB, 'bytes b -> a')
  await waitUntil(() => a.connectedPeers.size === 1 && b.connectedPeers.size === 1, {
    timeoutMs: 2000, label: 'one connection per side'
  })

  // The signalling went between the nodes (not through some local path).
  const dA = delta(await clusterTotals(A), totalsBefore[0])
  const dB = delta(await clusterTotals(B), totalsBefore[1])
  t.diagnostic(`cluster totals moved: A ${JSON.stringify(pick(dA))}, B ${JSON.stringify(pick(dB))}`)
  assert.ok(dB.offersSent >= 1, `B sent b's offer to another node (offersSent +${dB.offersSent})`)
  assert.ok(dA.offersReceived >= 1, `A received an offer from another node (offersReceived +${dA.offersReceived})`)
  assert.ok(dA.answersSent >= 1, `A sent a's answer to another node (answersSent +${dA.answersSent})`)
  assert.ok(dB.answersReceived >= 1, `B received the answer (answersReceived +${dB.answersReceived})`)
  for (const c of [a, b]) {
    assert.deepEqual(c.errors, [], `${c.label}: no client errors`)
    assert.deepEqual(c.warnings.map(w => w.message), [], `${c.label}: no warnings`)
  }
})

test(`${TAG} webtorrent: a seeder announcing to node A and a leecher whose magnet names node C only: the 2 MiB download is byte-identical and every wire is WebRTC`, { timeout: 90_000 }, async t => {
  const [A, , C] = h.cluster.nodes
  const [onC] = sessionsOn([C], t)
  const seeder = newLoopbackWebTorrent()
  const leecher = newLoopbackWebTorrent()
  t.after(() => Promise.all([destroyWebTorrent(leecher), destroyWebTorrent(seeder)]))
  for (const c of [seeder, leecher]) c.on('error', err => assert.fail(`webtorrent error: ${err.message}`))
  for (const c of [seeder, leecher]) {
    if (!c.listening) await waitForEvent(c, 'listening', { timeoutMs: 10_000, label: 'webtorrent listening' })
    assert.equal(c.address().address, '127.0.0.1', 'webtorrent TCP listener is on loopback only')
  }
  const totalsBefore = [await clusterTotals(A), await clusterTotals(C)]

  const seedUrl = `${A.baseUrl}seeder`
  const leechUrl = `${C.baseUrl}leecher`
  const data = randomBytes(2 * 1024 * 1024)
  let seederReplies = 0
  let seederSettled
  const seederAnnounced = new Promise(resolve => { seederSettled = resolve })
  const seeded = await withDeadline(new Promise((resolve, reject) => {
    const torrent = seeder.seed(data, { name: 'random-2MiB.bin', announce: [seedUrl], store: MemoryChunkStore }, resolve)
    torrent.once('error', reject)
    torrent.on('trackerAnnounce', () => { if (++seederReplies === 2) seederSettled() })
  }), 20_000, 'seeding')
  assert.deepEqual(seeded.announce, [seedUrl], 'the seeded torrent announces to node A only')
  // The seeder's two announces (`completed`, then `started` with its offers) must both be
  // answered before the leecher joins (see ../test/02-webtorrent.test.mjs for the client race).
  await withDeadline(seederAnnounced, 20_000, "replies to the seeder's two announces")
  // ... and node C must know the seeder, or the leecher's offers have nowhere to go.
  const seen = await scrapeUntil(onC, seeded.infoHash, { complete: 1, incomplete: 0 }, 'a scrape on C counting the seeder on A')
  t.diagnostic(`seeder visible on C ${seen.ms} ms after its second announce reply`)

  const magnet = `magnet:?xt=urn:btih:${seeded.infoHash}&tr=${encodeURIComponent(leechUrl)}`
  const torrent = leecher.add(magnet, { store: MemoryChunkStore })
  torrent.once('error', err => assert.fail(`leecher torrent error: ${err.message}`))
  await waitForEvent(torrent, 'done', { timeoutMs: 60_000, label: 'download done' })
  assert.deepEqual(torrent.announce, [leechUrl], 'the leecher knew no tracker but node C')

  assert.equal(torrent.files.length, 1)
  const got = Buffer.from(await withDeadline(torrent.files[0].arrayBuffer(), 10_000, 'read downloaded file'))
  assert.equal(got.length, data.length, 'downloaded length')
  assert.ok(got.equals(data), 'downloaded bytes equal the seeded bytes')
  assert.ok(torrent.wires.length >= 1, 'the leecher has at least one wire')
  for (const w of torrent.wires) assert.equal(w.type, 'webrtc', 'wire type')
  assert.ok(torrent.wires.some(w => w.peerId === seeder.peerId), "one of the leecher's wires is to the seeder")

  const dA = delta(await clusterTotals(A), totalsBefore[0])
  const dC = delta(await clusterTotals(C), totalsBefore[1])
  t.diagnostic(`cluster totals moved: A ${JSON.stringify(pick(dA))}, C ${JSON.stringify(pick(dC))}`)
  assert.ok(dC.offersSent >= 1 && dA.offersReceived >= 1, "the leecher's offers went from C to A")
  assert.ok(dA.answersSent >= 1 && dC.answersReceived >= 1, "the seeder's answer went from A to C")
})

test(`${TAG} a scrape on node B of swarms whose members are on nodes A and C returns the cluster-wide complete/incomplete counts within 5 s; an announce reply on B includes them`, { timeout: 60_000 }, async t => {
  const [A, B, C] = h.cluster.nodes
  const [onA, onB, onC] = sessionsOn([A, B, C], t)
  const hash1 = randomIdHex()
  const hash2 = randomIdHex()
  // swarm 1: a seeder and a leecher on A, a leecher on C; swarm 2: one leecher on C.
  const seederA = onA.client({ infoHash: hash1, label: 'seeder-on-A', getAnnounceOpts: () => ({ left: 0 }) })
  const leecherA = onA.client({ infoHash: hash1, label: 'leecher-on-A', getAnnounceOpts: () => ({ left: 1000 }) })
  const leecherC = onC.client({ infoHash: hash1, label: 'leecher-on-C', getAnnounceOpts: () => ({ left: 1000 }) })
  const leecherC2 = onC.client({ infoHash: hash2, label: 'swarm2-leecher-on-C', getAnnounceOpts: () => ({ left: 1000 }) })
  await onA.start(seederA)
  await onA.start(leecherA)
  await onC.start(leecherC)
  await onC.start(leecherC2)
  const joinedAt = Date.now()

  // Poll: static scrapes of both swarms on B (a node with no member of either), deadline 5 s.
  let last
  await waitUntil(async () => {
    last = await onB.scrape([hash1, hash2], 3000)
    const c1 = countsOf(last[hash1])
    const c2 = countsOf(last[hash2])
    return c1.complete === 1 && c1.incomplete === 2 && c2.complete === 0 && c2.incomplete === 1
  }, { timeoutMs: VISIBLE_WITHIN_MS, intervalMs: 100, label: 'scrape on B: swarm 1 {complete 1, incomplete 2}, swarm 2 {0, 1}' })
  t.diagnostic(`cluster-wide counts in a scrape on B ${Date.now() - joinedAt} ms after the last member's announce reply`)
  assert.deepEqual(countsOf(last[hash1]), { complete: 1, incomplete: 2 }, 'swarm 1 on B: seeder on A; leechers on A and C')
  assert.deepEqual(countsOf(last[hash2]), { complete: 0, incomplete: 1 }, 'swarm 2 on B: the leecher on C')

  // A member joining on B gets the cluster-wide counts (itself included) in its announce reply.
  const leecherB = onB.client({ infoHash: hash1, label: 'leecher-on-B', getAnnounceOpts: () => ({ left: 1000 }) })
  assert.deepEqual(counts(await onB.start(leecherB)), { complete: 1, incomplete: 3 },
    'announce reply on B: the members on A and C plus the new one on B')

  // And every node converges on the same counts.
  for (const [name, s] of [['A', onA], ['B', onB], ['C', onC]]) {
    const r = await scrapeUntil(s, hash1, { complete: 1, incomplete: 3 }, `scrape of swarm 1 on ${name}: {1, 3}`)
    t.diagnostic(`swarm 1 is {1, 3} on ${name} (${r.ms} ms of polling)`)
  }
  for (const c of [seederA, leecherA, leecherC, leecherC2, leecherB]) {
    assert.deepEqual(c.warnings.map(w => w.message), [], `${c.label}: no warnings`)
  }
})

function pick (d) {
  return { offersSent: d.offersSent, offersReceived: d.offersReceived, answersSent: d.answersSent, answersReceived: d.answersReceived }
}
