// The self-test's steps, in the order a viewer's browser takes them. Each reports
// {id, title, status: "running"|"pass"|"fail"|"warn"|"skipped", details: [what was seen, cause, fix]}.
import { hexToBinaryString, randomId } from "./common.js";

const STEP_TIMEOUT_MS = 10000;
// bittorrent-tracker's client (and so P2P Media Loader) waits this long for candidates, then
// sends the offer with what it has: the same here, so the test sees what viewers send.
const GATHERING_MS = 5000;

const REFUSALS = {
  origin_not_allowed: (origin) => [
    `The tracker refuses pages from ${origin} (HTTP 403): access.origin-allowlist does not list it, or access.origin-denylist does.`,
    `Fix: add ${origin} to access.origin-allowlist (or remove it from the denylist).`],
  origin_missing: () => [
    "The request carried no Origin header and access.deny-missing-origin is on.",
    "Fix: a privacy extension or proxy may strip Origin; browsers otherwise always send it."],
  token_missing: () => [
    "Signed URLs are on (access.url-secret) and the URL has no ?token= (HTTP 403).",
    "Fix: paste a token signed for this announce path into the Token field (docs/security.md, signed URLs)."],
  token_invalid: () => [
    "The token does not verify (HTTP 403): signed with another secret, for another path, or changed.",
    "Fix: sign it with the tracker's access.url-secret for exactly this path (docs/security.md, signed URLs)."],
  token_expired: () => [
    "The token has expired (HTTP 403).",
    "Fix: sign a new one; players need tokens that outlive their session or a way to refresh them."],
};

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms / 1000} s`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** A WebSocket to the tracker with a queue of the JSON messages it received. */
class TrackerSocket {
  constructor(url) {
    this.messages = [];
    this.waiters = [];
    this.ws = new WebSocket(url);
    this.ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => !w(message));
    };
  }
  opened() {
    return new Promise((resolve, reject) => {
      this.ws.onopen = resolve;
      this.ws.onerror = () => reject(new Error("the WebSocket failed (the browser shows no status)"));
      this.ws.onclose = (event) => reject(new Error(`the WebSocket closed with code ${event.code}`));
    });
  }
  send(message) {
    this.ws.send(JSON.stringify(message));
  }
  /** The first message, past or future, that {@code match} accepts. */
  next(match) {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push((m) => (match(m) ? (resolve(m), true) : false)));
  }
  close() {
    this.ws.close();
  }
}

/** Candidates by kind in an SDP: host, srflx, prflx, relay. */
function candidateKinds(sdp) {
  const kinds = new Set();
  for (const match of sdp.matchAll(/a=candidate:.* typ (\w+)/g)) kinds.add(match[1]);
  return [...kinds];
}

function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, GATHERING_MS);
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function channelOpen(channel) {
  if (channel.readyState === "open") return Promise.resolve(channel);
  return new Promise((resolve) => channel.addEventListener("open", () => resolve(channel)));
}

async function accessStep(ctx) {
  const http = ctx.fullUrl.replace(/^ws/, "http");
  const target = new URL(http);
  const probe = `${target.origin}/pages/access?url=${encodeURIComponent(target.pathname + target.search)}`;
  let answer;
  try {
    answer = await withTimeout(fetch(probe, { method: "POST", cache: "no-store" }), STEP_TIMEOUT_MS, "HTTP");
  } catch (e) {
    return fail(`${target.origin} does not answer this browser over HTTP (${e.message}).`,
      "Likely cause: DNS, a firewall, an invalid TLS certificate, or mixed content (an https: page may not reach http:/ws:).",
      "Fix: open the announce URL's host with https:// in this browser and fix what it reports.");
  }
  if (answer.status === 404) {
    return warn(`${target.origin} answers, but not with this tracker's pages (HTTP 404): the rules could not be asked.`);
  }
  const verdict = await answer.json();
  ctx.refusal = verdict.allowed ? null : verdict;
  if (verdict.allowed) return pass(`The tracker accepts upgrades from ${verdict.origin ?? "this page"} to this URL.`);
  const explain = REFUSALS[verdict.reason] ?? (() => [`Refused: ${verdict.reason} (HTTP ${verdict.status}).`]);
  return fail(...explain(verdict.origin));
}

async function upgradeStep(ctx) {
  const a = new TrackerSocket(ctx.fullUrl);
  ctx.sockets.push(a);
  try {
    await withTimeout(a.opened(), STEP_TIMEOUT_MS, "upgrade");
  } catch (e) {
    if (ctx.refusal) return fail(`Refused, as the previous step says (${e.message}).`);
    const mixed = location.protocol === "https:" && ctx.url.startsWith("ws:");
    return fail(`The upgrade failed: ${e.message}.`, mixed
      ? "Cause: this https: page may not open a ws:// URL. Fix: serve the tracker as wss:// and set public-url."
      : "Likely cause: a proxy, load balancer or Ingress in front does not pass WebSocket upgrades (Upgrade and Connection headers), or the node is full (limits.max-connections).",
    "Fix: enable WebSockets on the proxy for this host and path (docs/kubernetes.md).");
  }
  ctx.a = a;
  return pass(`Connected to ${ctx.url}.`);
}

async function announceStep(ctx) {
  ctx.a.send({ action: "announce", info_hash: ctx.infoHash, peer_id: ctx.peerA, numwant: 0, event: "started",
    uploaded: 0, downloaded: 0, left: 1, offers: [] });
  const reply = await withTimeout(ctx.a.next((m) => m.info_hash === ctx.infoHash && ("interval" in m
    || "failure reason" in m)), STEP_TIMEOUT_MS, "announce reply").catch((e) => ({ error: e.message }));
  if (reply.error) return fail(`No reply to the announce (${reply.error}).`,
    "Likely cause: a proxy in front buffers or drops WebSocket frames. Fix: turn off response buffering for this host.");
  if (reply["failure reason"]) {
    return fail(`The tracker refused the announce: "${reply["failure reason"]}".`,
      "Fix: when an info_hash allowlist is on, give one it lists (the test uses a random one otherwise).");
  }
  return pass(`Announce answered: interval ${reply.interval} s, ${reply.complete} seeders, ${reply.incomplete} leechers.`);
}

async function relayStep(ctx) {
  const b = new TrackerSocket(ctx.fullUrl);
  ctx.sockets.push(b);
  await withTimeout(b.opened(), STEP_TIMEOUT_MS, "second upgrade");
  b.send({ action: "announce", info_hash: ctx.infoHash, peer_id: ctx.peerB, numwant: 0, event: "started",
    uploaded: 0, downloaded: 0, left: 1, offers: [] });
  await withTimeout(b.next((m) => m.info_hash === ctx.infoHash && "interval" in m), STEP_TIMEOUT_MS, "second announce");
  const config = { iceServers: ctx.iceServers.map((urls) => ({ urls })) };
  ctx.pcA = new RTCPeerConnection(config);
  ctx.pcB = new RTCPeerConnection(config);
  ctx.channelA = ctx.pcA.createDataChannel("hivecast-check");
  await ctx.pcA.setLocalDescription(await ctx.pcA.createOffer());
  await gathered(ctx.pcA);
  const offerId = randomId();
  ctx.a.send({ action: "announce", info_hash: ctx.infoHash, peer_id: ctx.peerA, numwant: 1, uploaded: 0,
    downloaded: 0, left: 1, offers: [{ offer_id: offerId, offer: { type: "offer", sdp: ctx.pcA.localDescription.sdp } }] });
  const offer = await withTimeout(b.next((m) => m.offer_id === offerId && m.offer), STEP_TIMEOUT_MS, "offer")
    .catch(() => null);
  if (!offer) return fail("The second peer never got the first one's offer.",
    "Likely cause: the nodes of a cluster cannot reach each other (docs/cluster.md), or the tracker dropped it (tracker_failures_total).");
  ctx.channelB = new Promise((resolve) => ctx.pcB.addEventListener("datachannel", (e) => resolve(e.channel)));
  await ctx.pcB.setRemoteDescription(offer.offer);
  await ctx.pcB.setLocalDescription(await ctx.pcB.createAnswer());
  await gathered(ctx.pcB);
  b.send({ action: "announce", info_hash: ctx.infoHash, peer_id: ctx.peerB, to_peer_id: ctx.peerA, offer_id: offerId,
    answer: { type: "answer", sdp: ctx.pcB.localDescription.sdp } });
  const answer = await withTimeout(ctx.a.next((m) => m.offer_id === offerId && m.answer), STEP_TIMEOUT_MS, "answer")
    .catch(() => null);
  if (!answer) return fail("The first peer never got the answer.",
    "Likely cause: the answer went to another node that lost the pairing (docs/cluster.md), or it was refused (tracker_failures_total).");
  await ctx.pcA.setRemoteDescription(answer.answer);
  return pass("An offer and its answer went through the tracker between two peers of this page.");
}

async function channelStep(ctx) {
  try {
    const [a, b] = await withTimeout(Promise.all([channelOpen(ctx.channelA), ctx.channelB.then(channelOpen)]),
      STEP_TIMEOUT_MS, "data channel");
    const received = new Promise((resolve) => b.addEventListener("message", (e) => resolve(e.data)));
    a.send("ping");
    await withTimeout(received, STEP_TIMEOUT_MS, "message");
    return pass("A WebRTC data channel opened between the two peers and carried a message.");
  } catch (e) {
    return fail(`No data channel (${e.message}; ICE state ${ctx.pcA.iceConnectionState}).`,
      "Likely cause: the candidates (next step) have no pair that connects: WebRTC limited by a browser policy or extension, or a firewall blocking UDP.",
      "Fix: allow UDP between viewers, or give players a TURN server.");
  }
}

function iceStep(ctx) {
  if (!ctx.pcA) return skipped();
  const kindsA = candidateKinds(ctx.pcA.localDescription?.sdp ?? "");
  const kindsB = candidateKinds(ctx.pcB.localDescription?.sdp ?? "");
  const servers = ctx.iceServers.length ? ctx.iceServers.join(", ") : "none";
  const seen = [`First peer gathered: ${kindsA.join(", ") || "nothing"}; second peer: ${kindsB.join(", ") || "nothing"}.`,
    `STUN servers used: ${servers} (pages.ice-servers).`];
  if (ctx.iceServers.length === 0) {
    return warn(...seen, "No STUN server is configured: viewers behind NAT only find peers on their own network. Fix: set pages.ice-servers to what your players use.");
  }
  if (!kindsA.includes("srflx") && !kindsB.includes("srflx")) {
    return fail(...seen, "No server-reflexive (srflx) candidate: the STUN servers did not answer. Likely cause: outgoing UDP to them is blocked, or the URLs are wrong. Viewers in this network will rarely connect to each other.",
      "Fix: allow UDP to the STUN servers, or use reachable ones (in the players and in pages.ice-servers).");
  }
  return pass(...seen);
}

const pass = (...details) => ({ status: "pass", details });
const fail = (...details) => ({ status: "fail", details });
const warn = (...details) => ({ status: "warn", details });
const skipped = () => ({ status: "skipped", details: ["Not run: an earlier step failed."] });

const STEPS = [
  ["access", "The tracker's rules accept this page", accessStep],
  ["upgrade", "WebSocket upgrade", upgradeStep],
  ["announce", "Announce reply", announceStep],
  ["relay", "Offer and answer between two peers", relayStep],
  ["datachannel", "WebRTC data channel between them", channelStep],
  ["ice", "ICE candidates and STUN", iceStep],
];

/**
 * Runs every step and reports each as it goes.
 *
 * @returns whether no step failed
 */
export async function runChecks({ url, token, infoHash, iceServers }, report) {
  const ctx = { url, iceServers, sockets: [], peerA: randomId(), peerB: randomId(),
    infoHash: /^[0-9a-fA-F]{40}$/.test(infoHash) ? hexToBinaryString(infoHash) : randomId(),
    fullUrl: token ? `${url}${url.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : url };
  let failed = false;
  for (const [id, title, run] of STEPS) {
    const mustSkip = failed && id !== "ice" && id !== "upgrade";
    report({ id, title, status: mustSkip ? "skipped" : "running" });
    let result = mustSkip ? skipped() : null;
    if (!result) {
      result = await Promise.resolve().then(() => run(ctx))
        .catch((e) => fail(`Unexpected: ${e.message}.`));
    }
    failed ||= result.status === "fail";
    report({ id, title, ...result });
  }
  for (const socket of ctx.sockets) socket.close();
  ctx.pcA?.close();
  ctx.pcB?.close();
  return !failed;
}
