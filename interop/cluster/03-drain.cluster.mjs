// Behaviour area: cluster mode, graceful drain of one node (SIGTERM): it leaves the swarm
// directory, closes its sockets with 1001 over the drain window (1 s here) and exits; the other
// nodes' clients notice nothing. A cluster of its own (the drained node does not come back);
// the drained node is the one that would purge a departed node's counts, when that can be told
// (hazelcast: the oldest member, Hazelcast's master, from the logs; redis: the live node with the
// lowest node id, from /stats), so the staying nodes must also settle who purges now.
// The bounds are the same for both backends: a drain withdraws its counts from the directory
// before it closes anything, so neither waits for failure detection.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { hexToBinary, randomIdHex, withDeadline } from '../harness.mjs'
import {
  BACKEND, TAG, asciiId, countsOf, fakeSdp, purgingNode, rawAnnounce, rawScrape, rawScrapeUntil, sessionsOn, useCluster,
  waitForLiveNodes
} from './cluster-harness.mjs'

const h = useCluster(3)

/** The brief's "promptly": the drained node's peers gone from the others' counts, from SIGTERM. */
const GONE_WITHIN_MS = 3000

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

function noFailure (reply, what) {
  assert.equal(reply['failure reason'], undefined, `${what}: no failure reason (got ${JSON.stringify(reply)})`)
}

/** Records the close (code, reason, time) of a `ws` socket, or of a simple-websocket's inner one. */
function watchClose (ws) {
  const rec = { closed: null }
  ws.once('close', (code, reason) => { rec.closed = { code, reason: String(reason || ''), at: Date.now() } })
  return rec
}

test(`${TAG} SIGTERM drains one node: its sockets close with code 1001 and it exits; its peers leave the other nodes' counts within 3 s; sockets and Clients on the other nodes stay open, their announces are answered and offers still cross between them`, { timeout: 90_000 }, async t => {
  const cluster = h.cluster
  const purger = await purgingNode(cluster.nodes)
  const X = purger?.node || cluster.nodes[0]
  const [Y, Z] = cluster.nodes.filter(n => n !== X)
  t.diagnostic(`backend ${BACKEND}; drained: ${X}${purger ? ` (${purger.why})` : ' (the logs did not name the oldest member)'}; staying: ${Y.name}, ${Z.name}`)
  const [onX, onY, onZ] = sessionsOn([X, Y, Z], t)

  // Swarm: a seeder and a leecher (raw) on X; a raw member and a Client on Y and on Z.
  const infoHash = randomIdHex()
  const wire = hexToBinary(infoHash)
  const x1 = await onX.raw()
  const x2 = await onX.raw()
  const y1 = await onY.raw()
  const z1 = await onZ.raw()
  const ids = { x1: asciiId(), x2: asciiId(), y1: asciiId(), z1: asciiId() }
  noFailure(await rawAnnounce(x1, { infoHash: wire, peerId: ids.x1, event: 'started', left: 0 }), 'x1 joins (seeder)')
  noFailure(await rawAnnounce(x2, { infoHash: wire, peerId: ids.x2, event: 'started' }), 'x2 joins')
  noFailure(await rawAnnounce(y1, { infoHash: wire, peerId: ids.y1, event: 'started' }), 'y1 joins')
  noFailure(await rawAnnounce(z1, { infoHash: wire, peerId: ids.z1, event: 'started' }), 'z1 joins')
  const cy = onY.client({ infoHash, label: `client-on-${Y.name}` })
  const cz = onZ.client({ infoHash, label: `client-on-${Z.name}` })
  await onY.start(cy)
  await onZ.start(cz)
  for (const [r, n] of [[y1, Y], [z1, Z]]) {
    await rawScrapeUntil(r, wire, { complete: 1, incomplete: 5 }, `all 6 members visible on ${n.name}`)
  }

  const closes = {
    x1: watchClose(x1.ws),
    x2: watchClose(x2.ws),
    y1: watchClose(y1.ws),
    z1: watchClose(z1.ws),
    cy: watchClose(cy._trackers[0].socket), // the Client's simple-websocket: emits 'close' too
    cz: watchClose(cz._trackers[0].socket)
  }

  // Drain: SIGTERM, by PID.
  X.kill('SIGTERM')
  const termAt = Date.now()

  // Its peers leave the other nodes' counts: scrapes on Y and Z (on sockets that stay open).
  await Promise.all([[y1, Y], [z1, Z]].map(([r, n]) =>
    rawScrapeUntil(r, wire, { complete: 0, incomplete: 4 }, `the drained node's members gone from ${n.name}'s counts`, GONE_WITHIN_MS + 2000)))
  const goneMs = Date.now() - termAt
  t.diagnostic(`the drained node's peers gone from ${Y.name}'s and ${Z.name}'s counts ${goneMs} ms after SIGTERM`)

  // Its sockets close with 1001 (a close frame, not a dropped connection), then it exits by itself.
  const exit = await withDeadline(X.exited, 15_000, 'drained node exits after SIGTERM')
  t.diagnostic(`drained node exited ${Date.now() - termAt} ms after SIGTERM: ${JSON.stringify(exit)}`)
  // A completed drain halts the JVM with status 0 (Main: 143 would count as a failure).
  assert.deepEqual(exit, { code: 0, signal: null }, 'the drained node exits by itself with status 0')
  assert.match(X.output(), /Drained, exiting/, 'the drained node logged a completed drain')
  for (const k of ['x1', 'x2']) {
    assert.ok(closes[k].closed, `${k} (on the drained node) was closed`)
    assert.equal(closes[k].closed.code, 1001, `${k}: close code 1001 (going away)`)
    t.diagnostic(`${k} closed with ${closes[k].closed.code} '${closes[k].closed.reason}' ${closes[k].closed.at - termAt} ms after SIGTERM`)
  }
  assert.ok(goneMs <= GONE_WITHIN_MS, `the drained node's peers gone within ${GONE_WITHIN_MS} ms of SIGTERM (took ${goneMs})`)

  // The others: liveNodes 2; every socket still open; announces answered with the new counts.
  await waitForLiveNodes([Y, Z], 2, 15_000)
  const y1Reply = await rawAnnounce(y1, { infoHash: wire, peerId: ids.y1 })
  noFailure(y1Reply, 'y1 re-announces')
  assert.deepEqual(counts(y1Reply), { complete: 0, incomplete: 4 }, 'y1 re-announce: the 4 members on Y and Z')
  const z1Reply = await rawAnnounce(z1, { infoHash: wire, peerId: ids.z1 })
  noFailure(z1Reply, 'z1 re-announces')
  assert.deepEqual(counts(z1Reply), { complete: 0, incomplete: 4 }, 'z1 re-announce: the 4 members on Y and Z')
  for (const [c, s] of [[cy, onY], [cz, onZ]]) {
    const p = s.nextUpdate(c)
    c.update()
    assert.deepEqual(counts(await p), { complete: 0, incomplete: 4 }, `${c.label} re-announce answered`)
    assert.deepEqual(c.warnings.map(w => w.message), [], `${c.label}: no warnings`)
    assert.deepEqual(c.errors.map(e => e.message), [], `${c.label}: no errors`)
  }

  // Offers still cross between the staying nodes: a raw offer from Y reaches a member on Z,
  // whose raw answer comes back (a fresh swarm with one member on each node).
  const swarm2 = hexToBinary(randomIdHex())
  const y2 = await onY.raw()
  const z2 = await onZ.raw()
  const y2Id = asciiId()
  const z2Id = asciiId()
  noFailure(await rawAnnounce(z2, { infoHash: swarm2, peerId: z2Id, event: 'started' }), 'z2 joins swarm 2')
  await rawScrapeUntil(y2, swarm2, { complete: 0, incomplete: 1 }, `z2 visible on ${Y.name}`)
  const offerId = asciiId('offer-')
  const offerSdp = fakeSdp('offer')
  const y2Reply = await rawAnnounce(y2, {
    infoHash: swarm2, peerId: y2Id, event: 'started', numwant: 1, offers: [{ offer_id: offerId, offer: { type: 'offer', sdp: offerSdp } }]
  })
  noFailure(y2Reply, 'y2 joins swarm 2 with an offer')
  assert.deepEqual(counts(y2Reply), { complete: 0, incomplete: 2 })
  const offer = await z2.next(m => m.offer && m.info_hash === swarm2, 5000)
  assert.equal(offer.peer_id, y2Id, 'the offer on Z carries y2\'s peer_id')
  assert.equal(offer.offer_id, offerId, 'and its offer_id')
  assert.deepEqual(offer.offer, { type: 'offer', sdp: offerSdp }, 'and the offer, unchanged')
  const answerSdp = fakeSdp('answer')
  z2.send({ action: 'announce', info_hash: swarm2, peer_id: z2Id, to_peer_id: y2Id, offer_id: offerId, answer: { type: 'answer', sdp: answerSdp } })
  const answer = await y2.next(m => m.answer && m.info_hash === swarm2, 5000)
  assert.equal(answer.peer_id, z2Id, 'the answer on Y carries z2\'s peer_id')
  assert.equal(answer.offer_id, offerId, 'and the offer_id')
  assert.deepEqual(answer.answer, { type: 'answer', sdp: answerSdp }, 'and the answer, unchanged')

  // Nothing on the staying nodes was closed, at any point since the drain began.
  for (const k of ['y1', 'z1', 'cy', 'cz']) {
    assert.equal(closes[k].closed, null, `${k} (on a staying node) never closed`)
  }
  const final = await rawScrape(y1, wire)
  assert.deepEqual(countsOf(final[wire]), { complete: 0, incomplete: 4 }, 'final counts on Y')
})
