// The demo player: hls.js with P2P Media Loader, the stream from ?src=, the bytes by source,
// the peers connected and the swarm, live. The same figures are on <body data-*> for scripts.
import Hls from "hls.js";
import { HlsJsP2PEngine } from "p2p-media-loader-hlsjs";
import { announceUrl, formatBytes, loadSettings, trackerBase } from "./common.js";
import { startBeacon } from "./beacon.js";

const totals = { p2p: 0, http: 0 };
const peers = new Set();
let stopped = false;

function show() {
  const all = totals.p2p + totals.http;
  document.getElementById("demo-p2p").textContent = formatBytes(totals.p2p);
  document.getElementById("demo-http").textContent = formatBytes(totals.http);
  document.getElementById("demo-share").textContent = all ? `${Math.round((100 * totals.p2p) / all)} %` : "-";
  document.getElementById("demo-peers").textContent = peers.size;
  document.getElementById("demo-bar-p2p").style.width = all ? `${(100 * totals.p2p) / all}%` : "0";
  document.getElementById("demo-bar-http").style.width = all ? `${(100 * totals.http) / all}%` : "0";
  Object.assign(document.body.dataset, { p2pBytes: totals.p2p, httpBytes: totals.http, peers: peers.size });
}

function error(text) {
  const node = document.getElementById("demo-error");
  node.textContent = text;
  node.hidden = false;
  document.body.dataset.error = text;
}

function watch(engine, beacon) {
  engine.addEventListener("onChunkDownloaded", (bytes, source) => {
    if (stopped) return;
    if (source === "p2p" || source === "http") totals[source] += bytes;
    beacon.count(bytes, source);
  });
  engine.addEventListener("onPeerConnect", ({ peerId }) => peers.add(peerId));
  engine.addEventListener("onPeerClose", ({ peerId }) => peers.delete(peerId));
  engine.addEventListener("onTrackerError", ({ error: e }) => error(`Tracker: ${e?.message ?? e}`));
}

async function main() {
  const settings = await loadSettings();
  const params = new URLSearchParams(location.search);
  const src = params.get("src");
  const token = params.get("token"); // signed URLs: /demo?src=...&token=...
  const tracker = token ? `${announceUrl(settings)}?token=${encodeURIComponent(token)}` : announceUrl(settings);
  document.getElementById("demo-tracker").textContent = tracker;
  if (!src) return;
  document.getElementById("demo-src").value = src;
  document.getElementById("demo-swarm").textContent = src;
  if (!Hls.isSupported()) {
    error("This browser has no Media Source Extensions: hls.js cannot play here.");
    return;
  }
  const beacon = startBeacon(trackerBase, src);
  const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
  const hls = new HlsWithP2P({
    p2p: {
      core: { announceTrackers: [tracker], rtcConfig: { iceServers: settings.iceServers.map((urls) => ({ urls })) } },
      onHlsJsCreated: (created) => watch(created.p2pEngine, beacon),
    },
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    if (data.fatal) error(`Player: ${data.type} ${data.details}`);
  });
  const video = document.getElementById("demo-video");
  hls.attachMedia(video);
  hls.loadSource(src);
  video.play().catch(() => { /* autoplay refused: the viewer presses play */ });
  const timer = setInterval(show, 1000);
  // Counting ends and the last beacon leaves in one step, so the page's final figures are exactly
  // what the tracker was sent (the tests compare them with /metrics).
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    hls.destroy();
    beacon.flush();
    show();
    document.body.dataset.stopped = "";
    document.getElementById("demo-stop").disabled = true;
  };
  const button = document.getElementById("demo-stop");
  button.hidden = false;
  button.addEventListener("click", stop);
  addEventListener("pagehide", (event) => {
    if (!event.persisted) stop();
    else beacon.flush(); // kept in the back/forward cache: it may play on
  });
}

main();
