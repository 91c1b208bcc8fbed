// Behaviour area: cluster mode, a node that dies without a goodbye (SIGKILL: no drain, no
// withdraw from the directory; its sockets, and its Hazelcast or Redis connections, closed by the
// kernel). A cluster of its own (the test kills and restarts one node). The victim is the node
// that would purge a departed node's counts, when that can be told: the harder case, since the
// survivors must first agree on a new purging node, which then purges the dead node's counts.
// hazelcast: the oldest member, Hazelcast's master (from the member list in the logs); redis:
// the live node with the lowest node id (each node's id is in its /stats).
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { hexToBinary, randomIdHex, waitForEvent, waitUntil, withDeadline } from '../harness.mjs'
import {
  BACKEND, FAILURE_TIMEOUT_S, TAG, asciiId, clusterTotals, delta, nodeIdsOf, purgingNode, rawAnnounce, rawScrapeUntil,
  redisHeldKey, scrapeUntil, sessionsOn, useCluster, waitForLiveNodes
} from './cluster-harness.mjs'

const h = useCluster(3)

/**
 * The brief's bound for the survivors to forget the dead node's peers: the same for both
 * backends, which get there by different ways, so their expected times differ:
 * - hazelcast: the killed member's TCP connections close with it, so the survivors declare it
 *   dead about a second later (measured 0.6-1.1 s), well before the failure timeout;
 * - redis: nothing the survivors see closes (the dead node's Redis connections are Redis's
 *   business), so it leaves the live set only once the failure timeout (5 s) has passed since its
 *   last heartbeat (0-1 s before the kill), and each survivor notices on its own next beat
 *   (cluster.heartbeat-interval, 1 s) and drops it from its views at once: expected 4-6 s after the kill,
 *   so 10 s leaves room for two busy cores.
 */
const PURGE_WITHIN_MS = 10_000
/** redis: the lowest survivor deletes the dead node's held set on the beat that drops it. */
const REDIS_STORE_PURGED_WITHIN_MS = 5000

function counts (d) {
  return { complete: d.complete, incomplete: d.incomplete }
}

function noFailure (reply, what) {
  assert.equal(reply['failure reason'], undefined, `${what}: no failure reason (got ${JSON.stringify(reply)})`)
}

test(`${TAG} kill -9 of one node while Clients are connected to all three: the survivors keep answering and relaying, forget the dead node's peers within 10 s and count 2 live nodes; the node restarted (hazelcast: on its Hazelcast port; redis: on the same Redis) rejoins (3 live nodes) and relays offers to its clients again`, { timeout: 170_000 }, async t => {
  const cluster = h.cluster
  const purger = await purgingNode(cluster.nodes)
  const victim = purger?.node || cluster.nodes[1]
  const vi = cluster.nodes.indexOf(victim)
  const victimId = (await nodeIdsOf([victim]))[0]
  const [S1, S2] = cluster.nodes.filter(n => n !== victim)
  t.diagnostic(`backend ${BACKEND}; victim: ${victim}, node id ${victimId}${purger ? ` (${purger.why})` : ' (the logs did not name the oldest member)'}; survivors ${S1.name}, ${S2.name}`)
  const [on1, on2, onV] = sessionsOn([S1, S2, victim], t)

  // Swarm: c1 on S1, c2 on S2, cv and a raw member on the victim. Each joins once the members
  // before it are visible on its node, so its offers can reach them.
  const infoHash = randomIdHex()
  const wire = hexToBinary(infoHash)
  const c1 = on1.client({ infoHash, label: `c1-on-${S1.name}` })
  const c2 = on2.client({ infoHash, label: `c2-on-${S2.name}` })
  const cv = onV.client({ infoHash, label: `cv-on-${victim.name}` })
  assert.deepEqual(counts(await on1.start(c1)), { complete: 0, incomplete: 1 }, 'c1 joins')
  await scrapeUntil(on2, infoHash, { complete: 0, incomplete: 1 }, `c1 visible on ${S2.name}`)
  assert.deepEqual(counts(await on2.start(c2)), { complete: 0, incomplete: 2 }, 'c2 joins')
  await scrapeUntil(onV, infoHash, { complete: 0, incomplete: 2 }, `c1 and c2 visible on ${victim.name}`)
  assert.deepEqual(counts(await onV.start(cv)), { complete: 0, incomplete: 3 }, 'cv joins')
  const rawV = await onV.raw()
  const rawVPeer = asciiId()
  const joinV = await rawAnnounce(rawV, { infoHash: wire, peerId: rawVPeer, event: 'started' })
  noFailure(joinV, 'raw member on the victim joins')
  assert.deepEqual(counts(joinV), { complete: 0, incomplete: 4 }, 'raw member on the victim joins')
  // cv's offers went to c1 and c2 on the other nodes: real connections across all three nodes.
  await waitUntil(() => cv.connectedPeers.size === 2, { timeoutMs: 30_000, label: 'cv (on the victim) connected to c1 and c2' })

  // Survivor-side sockets that stay open through the kill, for polling.
  const raw1 = await on1.raw()
  const raw2 = await on2.raw()
  for (const [r, n] of [[raw1, S1], [raw2, S2]]) {
    await rawScrapeUntil(r, wire, { complete: 0, incomplete: 4 }, `all 4 members visible on ${n.name}`)
  }

  const heldKey = cluster.redis && redisHeldKey(cluster.name, victimId)
  if (cluster.redis) {
    assert.equal(await cluster.redis.command(['EXISTS', heldKey]), 1, `redis: ${heldKey} exists before the kill (the victim holds shares)`)
  }

  // kill -9, by PID.
  victim.kill('SIGKILL')
  const killedAt = Date.now()
  const exit = await withDeadline(victim.exited, 5000, 'victim exit after SIGKILL')
  assert.equal(exit.signal, 'SIGKILL', 'the victim died of SIGKILL')

  // The dead node's two members vanish from both survivors' counts.
  await Promise.all([[raw1, S1], [raw2, S2]].map(([r, n]) =>
    rawScrapeUntil(r, wire, { complete: 0, incomplete: 2 }, `the dead node's members gone from ${n.name}'s counts`, PURGE_WITHIN_MS)))
  const purgeMs = Date.now() - killedAt
  t.diagnostic(`the dead node's peers gone from both survivors' counts ${purgeMs} ms after SIGKILL (failure timeout ${FAILURE_TIMEOUT_S} s)`)
  assert.ok(purgeMs <= PURGE_WITHIN_MS, `purged within ${PURGE_WITHIN_MS} ms (took ${purgeMs})`)
  await waitForLiveNodes([S1, S2], 2, 3 * FAILURE_TIMEOUT_S * 1000)
  t.diagnostic(`survivors report liveNodes 2 at ${Date.now() - killedAt} ms after SIGKILL`)
  if (cluster.redis) {
    // Not a count (reads skip departed nodes anyway): whether the new lowest survivor also
    // deleted the dead node's shares from Redis, as RedisBackend says it does.
    const purged = await waitUntil(async () => (await cluster.redis.command(['EXISTS', heldKey])) === 0, {
      timeoutMs: REDIS_STORE_PURGED_WITHIN_MS, intervalMs: 100, label: `${heldKey} deleted`
    }).then(() => true, () => false)
    t.diagnostic(`redis: the dead node's held set ${purged ? 'deleted' : `STILL PRESENT ${REDIS_STORE_PURGED_WITHIN_MS} ms after liveNodes 2`} (${Date.now() - killedAt} ms after SIGKILL)`)
  }
  // cv's socket is gone with its node; its Client would only retry that dead URL.
  await onV.destroyClient(cv)

  // The survivors still answer: a fresh announce from a Client and a raw one, no failure reason.
  const c1Reply = on1.nextUpdate(c1)
  c1.update()
  assert.deepEqual(counts(await c1Reply), { complete: 0, incomplete: 2 }, 'c1 re-announces on its survivor: c1 and c2 only')
  const rawJoin = await rawAnnounce(raw2, { infoHash: hexToBinary(randomIdHex()), peerId: asciiId(), event: 'started' })
  noFailure(rawJoin, `raw announce on ${S2.name}`)
  assert.deepEqual(counts(rawJoin), { complete: 0, incomplete: 1 }, `raw announce on ${S2.name}: a new swarm of one`)
  for (const c of [c1, c2]) {
    assert.deepEqual(c.warnings.map(w => w.message), [], `${c.label}: no warnings (no failure reason, socket never lost)`)
  }

  // A survivor-side offer still reaches a peer on the other survivor: a newcomer on S2 joins
  // the swarm; S2 has one local member (c2), so its other offers go to S1, where only c1 is.
  const totals1 = await clusterTotals(S1)
  const newcomer = on2.client({ infoHash, label: `newcomer-on-${S2.name}` })
  assert.deepEqual(counts(await on2.start(newcomer)), { complete: 0, incomplete: 3 }, 'newcomer joins c1 and c2, nobody else')
  await waitUntil(() => [...newcomer.connectedPeers].some(p => p.id === c1.peerId), {
    timeoutMs: 30_000, label: `newcomer (on ${S2.name}) connected to c1 (on ${S1.name}) via the relay`
  })
  const d1 = delta(await clusterTotals(S1), totals1)
  assert.ok(d1.offersReceived >= 1 && d1.answersSent >= 1, `${S1.name} received the offer and sent c1's answer (${JSON.stringify(d1)})`)

  // Restart the killed node (hazelcast: on its Hazelcast port; redis: same Redis URL, a new node
  // id); it rejoins as a new member.
  const restartAt = Date.now()
  const back = await cluster.restart(vi)
  await waitForLiveNodes([S1, S2, back], 3)
  t.diagnostic(`${back} listening after ${back.startupMs} ms; 3 live nodes everywhere ${Date.now() - restartAt} ms after the restart`)
  const [onBack] = sessionsOn([back], t)

  // It reads the survivors' counts, with nothing left of its previous life (cv, the raw member).
  await scrapeUntil(onBack, infoHash, { complete: 0, incomplete: 3 }, `the restarted ${back.name} counts c1, c2 and the newcomer`)

  // And it serves: a Client on it gets an offer from a peer on another node.
  const fresh = randomIdHex()
  const onIt = onBack.client({ infoHash: fresh, label: `client-on-restarted-${back.name}` })
  const offerer = on1.client({ infoHash: fresh, label: `offerer-on-${S1.name}` })
  const totalsBack = await clusterTotals(back)
  assert.deepEqual(counts(await onBack.start(onIt)), { complete: 0, incomplete: 1 }, 'a Client joins on the restarted node')
  await scrapeUntil(on1, fresh, { complete: 0, incomplete: 1 }, `the restarted node's member visible on ${S1.name}`)
  const gotOffer = waitForEvent(onIt, 'peer', { timeoutMs: 15_000, label: 'the Client on the restarted node receives an offer' })
  assert.deepEqual(counts(await on1.start(offerer)), { complete: 0, incomplete: 2 }, `a Client on ${S1.name} joins`)
  const peer = await gotOffer
  assert.equal(peer.id, offerer.peerId, `the offer came from the Client on ${S1.name}`)
  await waitUntil(() => onIt.connectedPeers.size === 1 && offerer.connectedPeers.size === 1, {
    timeoutMs: 30_000, label: 'data channel between the restarted node\'s Client and the offerer'
  })
  const dBack = delta(await clusterTotals(back), totalsBack)
  assert.ok(dBack.offersReceived >= 1 && dBack.answersSent >= 1, `the restarted node relayed (${JSON.stringify(dBack)})`)
})
