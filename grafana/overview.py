"""The overview dashboard: are viewers introduced to each other, what is refused, is a pod running out."""
from board import NONE_IS_RED, Board, Queries, higher_is_worse, lower_is_worse

HEAP, NONHEAP, DIRECT = 'area="heap"', 'area="nonheap"', 'id="direct"'


def overview(params):
    q, p = Queries(params), params
    b = Board("hivecast-overview", "Hivecast tracker / Overview",
              "Are viewers being introduced to each other, how fast, and is anything refused or dropped?",
              p["job"])
    audience(b, q, p)
    health(b, q, p)
    arrivals(b, q)
    offload(b, q, p)
    stun_health(b, q, p)
    signaling(b, q)
    refusals(b, q)
    errors(b, q)
    memory(b, q)
    saturation(b, q)
    return b


def answer_rate(q):
    return f"{q.sum_rate('tracker_offers_answered_total')} / {q.sum_rate('tracker_offers_relayed_total')}"


def audience(b, q, p):
    b.row("Audience")
    b.stat("Connections", "Open WebSocket connections on the selected pods. Good: follows the number of "
           "players watching; red at 0 (nobody reaches the tracker), a fall while viewers stay means players "
           "cannot reach it.", f"sum(tracker_connections{{{q.s}}})", NONE_IS_RED)
    b.stat("Peers", "Swarm memberships (a player in two renditions counts twice). Good: about connections "
           "times renditions watched per player.", f"sum(tracker_members{{{q.s}}})", NONE_IS_RED)
    b.stat("Swarms", "Swarms with members, summed over nodes (a swarm on three nodes counts three times). "
           "Good: about streams times renditions.", f"sum(tracker_swarms{{{q.s}}})", NONE_IS_RED)
    b.stat("Answer rate", "Share of relayed offers answered in time. Good: steady; players answer most "
           f"offers they get. Amber under {p['answer_rate_amber']:.0%}, red under {p['answer_rate_low']:.0%} "
           "(alert HivecastAnswerRateLow): peers are not connecting (see Time to answer).",
           answer_rate(q), lower_is_worse(p["answer_rate_low"], p["answer_rate_amber"]),
           unit="percentunit", decimals=1)
    b.stat("Time to answer p90", "90th percentile of offer-to-answer time. Good: under a second or two "
           "(browsers gather ICE candidates before answering); rising means players are slow or overloaded.",
           q.quantile(0.9, "tracker_offer_answer_seconds"),
           higher_is_worse(p["time_to_answer_amber"], p["time_to_answer_red"]), unit="s", decimals=2)
    b.stat("Nodes", "Cluster members as the nodes see them (1 for a lone node). Good: equals the tracker "
           "pods you run (alert HivecastClusterMemberMissing).", f"max(tracker_cluster_nodes{{{q.s}}})",
           NONE_IS_RED)


def arrivals(b, q):
    b.series("Seeders and leechers", "Members by completeness. Good for live streams: nearly all leechers "
             "(live players never complete).",
             [(f"sum(tracker_seeders{{{q.s}}})", "seeders"), (f"sum(tracker_leechers{{{q.s}}})", "leechers")])
    b.series("Connections opened and closed", "New connections and closes per second by reason. Good: "
             "opened about equals closed over time; closes other than client and drain are the tracker "
             "shutting players out.",
             [(q.sum_rate("tracker_connections_opened_total"), "opened"),
              (q.sum_rate("tracker_connections_closed_total", by="reason"), "closed: {{reason}}")], unit="ops")


def health(b, q, p):
    """The stats an operator acts on: each turns red where its alert fires."""
    refused = q.sum_rate("tracker_upgrades_refused_total", 'reason!="http_idle"')
    b.stat("Refused upgrades", "Share of WebSocket upgrades refused, all reasons but idle keep-alive HTTP connections "
           "closed (see the Refusals row). Good: near "
           "0; red is the level of alert HivecastUpgradesRefusedSurge (a secret rotation, an Origin rule, a "
           "connection limit).", f"{refused} / ({q.sum_rate('tracker_connections_opened_total')} + {refused})",
           higher_is_worse(p["upgrades_refused_amber"], p["upgrades_refused_ratio"]), unit="percentunit",
           decimals=1)
    b.stat("Rate-limited messages", "Share of received messages refused by a rate limit. Good: near 0; red means "
           "limits.* is set below what real players send, or a flood.",
           f"{q.sum_rate('tracker_rate_limited_total')} / {q.sum_rate('tracker_messages_received_total')}",
           higher_is_worse(p["rate_limited_amber"], p["rate_limited_red"]), unit="percentunit", decimals=1)
    lost_offers = q.sum_rate("tracker_offers_dropped_total", 'reason=~"no_candidate|queue_full"')
    lost_answers = q.sum_rate("tracker_answers_dropped_total", 'reason=~"unknown_peer|queue_full"')
    drops = (f"({lost_offers} + {lost_answers}) / "
             f"({q.sum_rate('tracker_offers_relayed_total')} + {q.sum_rate('tracker_answers_relayed_total')})")
    b.stat("Relays dropped", "Share of offers and answers dropped (no candidate, receiver gone, queue full; "
           "expired offers left out). Good: near 0; red is alert HivecastRelayDropRateHigh.", drops,
           higher_is_worse(p["relay_drops_amber"], p["relay_drops_ratio"]), unit="percentunit", decimals=1)
    b.stat("Memory of limit", "Highest container working set over its memory limit among the pods (from "
           "cAdvisor and kube-state-metrics; no data without them or without a limit). Good: under "
           f"{p['memory_amber']:.0%}; red is alert HivecastMemoryNearLimit, the kernel kills the pod at 100 %.",
           f"max({q.memory_share()})", higher_is_worse(p["memory_amber"], p["memory_limit"]),
           unit="percentunit", decimals=1)
    b.stat("Open files of max", "Highest share of the file-descriptor limit in use among the pods (one per "
           "connection). Good: well under half; red is alert HivecastOpenFilesNearMax.",
           f"max(process_files_open_files{{{q.s}}} / process_files_max_files{{{q.s}}})",
           higher_is_worse(p["open_files_amber"], p["open_files_limit"]), unit="percentunit", decimals=1)
    b.stat("Event-loop delay p99", "Worst pod's event-loop delay, p99. Good: under 10 ms; red is alert "
           "HivecastEventLoopDelayed: every player on that pod waits.",
           f"max({q.quantile(0.99, 'tracker_event_loop_delay_seconds', 'pod')})",
           higher_is_worse(p["event_loop_delay_amber"], p["event_loop_delay"]), unit="s", decimals=3)


def from_peers(q, by=""):
    """Bytes a second viewers got from each other: beacons' p2p and webtorrent's announced uploads."""
    beacons = q.sum_rate("tracker_player_bytes_total", 'source="p2p"', by)
    announced = q.sum_rate("tracker_announced_bytes_total", 'direction="uploaded"', by)
    return f"({beacons} + {announced})"


def all_bytes(q, by=""):
    """Bytes a second viewers got at all: beacons' p2p and http, webtorrent's announced downloads."""
    beacons = q.sum_rate("tracker_player_bytes_total", by=by)
    announced = q.sum_rate("tracker_announced_bytes_total", 'direction="downloaded"', by)
    return f"({beacons} + {announced})"


def offload(b, q, p):
    """What peer-to-peer saves, from the players' beacons (insight.beacon) and webtorrent's announces."""
    b.row("P2P offload")
    b.stat("Share from peers", "Share of the bytes viewers got that came from other viewers, from player "
           "beacons (insight.beacon) and webtorrent's announced totals. Good: grows with viewers per stream; "
           f"amber under {p['offload_share_amber']:.0%}, red under {p['offload_share_red']:.0%}: viewers "
           "rarely connect to each other (see Answer rate and docs/insight.md). Empty without beacons.",
           f"{from_peers(q)} / {all_bytes(q)}",
           lower_is_worse(p["offload_share_red"], p["offload_share_amber"]), unit="percentunit", decimals=1)
    b.stat("CDN bytes saved", "Bytes a second viewers got from each other instead of the CDN. Good: above "
           "zero whenever several viewers watch one stream.", from_peers(q), NONE_IS_RED, unit="Bps")
    b.series("Bytes by source", "Bytes a second viewers got, by where from: beacons' peers and HTTP, "
             "webtorrent's announced uploads and downloads (downloads include web seeds). Good: peers a large "
             "part of the total.",
             [(q.sum_rate("tracker_player_bytes_total", by="source"), "beacons: {{source}}"),
              (q.sum_rate("tracker_announced_bytes_total", by="direction"), "webtorrent: {{direction}}")],
             unit="Bps", w=16, h=4)
    b.series("Share from peers by stream", "The share from peers per stream named in insight.streams (all "
             "others are other). Good: highest on the most watched streams.",
             [(f"{from_peers(q, 'stream')} / {all_bytes(q, 'stream')}", "{{stream}}")],
             unit="percentunit", maximum=1, w=12, h=8)
    b.series("CDN bytes saved by stream", "Bytes a second from peers per named stream. Good: follows the "
             "audience of each stream.", [(from_peers(q, "stream"), "{{stream}}")], unit="Bps", w=6, h=8)
    b.series("Beacons", "Player beacons counted and refused per second by reason (docs/insight.md). Good: "
             "refusals near zero; origin or content_type means a page sends from elsewhere or wrongly, "
             "rate_limited many viewers behind one address (raise insight.beacon-rate).",
             [(q.sum_rate("tracker_beacons_accepted_total"), "accepted"),
              (q.sum_rate("tracker_beacons_refused_total", by="reason"), "refused: {{reason}}")],
             unit="reqps", w=6, h=8)


def stun_health(b, q, p):
    """Whether viewers' browsers reach a STUN server: the ICE candidate kinds of the offers relayed
    (insight.ice-candidates). Without a server-reflexive candidate, two viewers behind NATs rarely connect."""
    b.row("STUN health")
    read = q.sum_rate("tracker_offers_ice_read_total")
    b.stat("Offers without srflx", "Share of relayed offers whose SDP has no server-reflexive (srflx) ICE "
           f"candidate: their viewer's STUN server is not configured or not reached. Good: low; amber over "
           f"{p['stun_missing_amber']:.0%}, red over {p['stun_missing_ratio']:.0%} (alert HivecastStunUnreachable; "
           "docs/insight.md). Empty with insight.ice-candidates off.",
           f"{q.sum_rate('tracker_offers_without_srflx_total')} / {read}",
           higher_is_worse(p["stun_missing_amber"], p["stun_missing_ratio"]), unit="percentunit", decimals=1)
    b.series("STUN health", "Share of relayed offers without a srflx candidate, by the node that relayed "
             "them (each offer counts where its receiver is). Good: low and alike on every node; one node "
             "apart serves an audience of its own (a region, an office).",
             [(f"{q.sum_rate('tracker_offers_without_srflx_total', by='pod')} / "
               f"{q.sum_rate('tracker_offers_ice_read_total', by='pod')}", "without srflx {{pod}}")],
             unit="percentunit", maximum=1, w=10, h=6)
    b.series("ICE candidate kinds", "Share of relayed offers carrying each kind of ICE candidate (an offer "
             "with several kinds counts in each): host, mdns (browsers hide local addresses behind *.local), "
             "srflx (STUN worked), relay (a TURN server), prflx; and offers with none (trickled). Good: srflx "
             "on most offers.",
             [(f"{q.sum_rate('tracker_offer_candidates_total', by='kind')} / ignoring(kind) group_left {read}",
               "{{kind}}"),
              (f"{q.sum_rate('tracker_offers_without_candidates_total')} / {read}", "no candidate")],
             unit="percentunit", maximum=1, w=10, h=6)


def signaling(b, q):
    b.row("Signaling")
    b.series("Offers and answers relayed", "Relays per second by where they went. Good: answers follow "
             "offers; other_node stays small with local-first routing.",
             [(q.sum_rate("tracker_offers_relayed_total", by="destination"), "offers {{destination}}"),
              (q.sum_rate("tracker_answers_relayed_total", by="destination"), "answers {{destination}}"),
              (q.sum_rate("tracker_answers_received_total"), "answers received")], unit="ops")
    b.series("Answer rate", "Answered offers over relayed offers. Good: flat. Falling is alert "
             "HivecastAnswerRateLow; zero while offers flow is an outage of introductions (alert "
             "HivecastNoAnswersRelayed).", [(answer_rate(q), "answered share")], unit="percentunit", maximum=1)
    b.series("Time to answer", "Offer relayed to the receiver's answer, percentiles from the histogram. "
             "Good: p50 well under a second; p99 a few seconds at most.",
             [(q.quantile(0.5, "tracker_offer_answer_seconds"), "p50"),
              (q.quantile(0.9, "tracker_offer_answer_seconds"), "p90"),
              (q.quantile(0.99, "tracker_offer_answer_seconds"), "p99")], unit="s")
    near = q.sum_rate("tracker_offers_locality_total", 'locality=~"ip|site|asn"')
    every = q.sum_rate("tracker_offers_locality_total")
    b.series("Offers within the same network", "With locality.enabled: share of relayed offers whose "
             "receiver is on the offerer's network (same IP, site or AS), and every level's share. Good: "
             "well above what random matching gives (one network in N), with locality.random-share left "
             "for anyone; compare the answer rate by level to see whether near peers connect better.",
             [(f"{near} / {every}", "same network"),
              (f"{q.sum_rate('tracker_offers_locality_total', by='locality')} / ignoring(locality) "
               f"group_left {every}", "{{locality}}"),
              (f"{q.sum_rate('tracker_offers_answered_locality_total', by='locality')} / "
               f"{q.sum_rate('tracker_offers_locality_total', by='locality')}", "answer rate {{locality}}")],
             unit="percentunit", maximum=1)
    b.series("Announces and scrapes", "Requests per second by announce event. Good: update dominates "
             "(one per player every announce interval); a wave of started is an audience arriving.",
             [(q.sum_rate("tracker_announces_total", by="event"), "announce {{event}}"),
              (q.sum_rate("tracker_scrapes_total"), "scrape")], unit="reqps")
    b.series("Messages", "WebSocket messages per second. Good: sent is about received plus offers relayed.",
             [(q.sum_rate("tracker_messages_received_total"), "received"),
              (q.sum_rate("tracker_messages_sent_total"), "sent")], unit="ops")
    b.series("Bandwidth", "WebSocket payload bytes per second (offers carry SDP, a few KB each).",
             [(q.sum_rate("tracker_received_bytes_total"), "received"),
              (q.sum_rate("tracker_sent_bytes_total"), "sent")], unit="Bps")


def refusals(b, q):
    """Who is turned away and why. A new refusal counter with a reason label is one line here."""
    b.row("Refusals")
    b.by_label(q, "Upgrades refused", "WebSocket upgrades refused per second by reason: access rules "
               "(Origin, signed-URL tokens), connection limits, slow or untrusted handshakes. Good: near "
               "zero; a surge is alert HivecastUpgradesRefusedSurge.",
               "tracker_upgrades_refused_total", "reason")
    b.by_label(q, "Signed URLs refused", "Upgrades refused for their announce-URL token, per second: absent, "
               "not genuine (tampered, another secret) or expired. Good: near zero; a wave of token_invalid "
               "after a secret rotation means access.url-previous-secret is missing, of token_expired that "
               "players keep old URLs.", "tracker_upgrades_refused_total", "reason", 'reason=~"token_.*"')
    b.by_label(q, "Rate limited", "Messages refused because a rate-limit bucket was empty, per second by "
               "kind and scope (the connection's own, or its client IP's). Good: near zero.",
               "tracker_rate_limited_total", "kind, scope", legend="{{kind}} per {{scope}}")
    b.by_label(q, "Requests refused", "Requests answered with a failure reason, per second (the Failures "
               "panel below, refusals only): info_hash_not_allowed is the access lists at work.",
               "tracker_failures_total", "reason",
               'reason=~"info_hash_not_allowed|rate_limited|too_many_swarms|too_many_peer_ids|scrape_refused"')
    b.series("/metrics and /stats", "Renderings per second by page (at most one per admin.render-interval, "
             "shared by every request waiting) and requests refused with 429 for a client IP over "
             "admin.request-rate. Good: renderings at your scrape rate; refusals zero, else some client "
             "is polling the pages hard.",
             [(q.sum_rate("tracker_ops_renderings_total", by="page"), "rendered: {{page}}"),
              (q.sum_rate("tracker_ops_rate_limited_total", by="page"), "refused: {{page}}")], w=12, h=6)
    b.series("info_hash lists", "info_hashes on each list in force, and client IPs tracked for per-IP limits. "
             "Good: the list sizes you published; a list at 0 that should not be is a failed load.",
             [(f"sum by (list) (tracker_access_list_entries{{{q.s}}})", "{{list}} entries"),
              (f"sum(tracker_limits_tracked_ips{{{q.s}}})", "client IPs tracked")], w=12, h=6)
    b.series("List reloads failed and members evicted", "Changed lists that could not be read (the previous "
             "list stays in force; alert HivecastAccessListReloadFailed), and members removed because a "
             "reloaded list no longer serves their swarm. Good: no failures; evictions only when you "
             "deny a swarm.",
             [(f"sum by (list) (increase(tracker_access_list_reload_failures_total{{{q.s}}}[$__rate_interval]))",
               "{{list}} reload failures"),
              (f"sum(increase(tracker_members_evicted_total{{{q.s}}}[$__rate_interval]))", "members evicted")],
             w=12, h=6)


def errors(b, q):
    b.row("Errors and drops")
    b.series("Offers dropped", "Offers not relayed or never answered, per second by reason. Good: "
             "no_candidate and queue_full near zero; expired is offers players chose not to answer.",
             [(q.sum_rate("tracker_offers_dropped_total", by="reason"), "{{reason}}")], unit="ops", w=8)
    b.series("Answers dropped", "Answers not relayed, per second by reason. Good: near zero; unpaired "
             "rising means answers arrive after announce.offer-ttl or from clients that change peer_id.",
             [(q.sum_rate("tracker_answers_dropped_total", by="reason"), "{{reason}}")], unit="ops", w=8)
    b.series("Failures", "Requests refused with a failure reason, per second. Good: near zero; "
             "invalid_request rising after a player release means a client bug.",
             [(q.sum_rate("tracker_failures_total", by="reason"), "{{reason}}")], unit="ops", w=8)
    b.series("Slow consumers and expired members", "Messages dropped because a player's send queue was "
             "full, pongs held back from clients that ping without reading, players closed for it, and "
             "members removed for not announcing. Good: drops zero; steady drops mean players on links too "
             "slow to read signaling; coalesced pongs without drops mean a client flooding pings.",
             [(q.sum_rate("tracker_send_queue_drops_total"), "send-queue drops"),
              (q.sum_rate("tracker_pongs_coalesced_total"), "pongs coalesced"),
              (q.sum_rate("tracker_connections_closed_total", 'reason="slow_consumer"'), "slow-consumer closes"),
              (q.sum_rate("tracker_members_expired_total"), "members expired")], unit="ops", w=24, h=6)


def memory(b, q):
    b.row("Memory")
    c = q.params["container"]
    b.series("Container memory against its limit", f"The {c} container's working set (what the kernel "
             "weighs against the limit) and RSS from cAdvisor, and its limit from kube-state-metrics "
             "(cAdvisor's when that is absent). Good: working set well under the limit; at the limit the "
             "kernel kills the pod (alert HivecastMemoryNearLimit). Empty without cAdvisor; no limit line "
             "without a limit.",
             [(f"{q.container('container_memory_working_set_bytes')}", "working set {{pod}}"),
              (f"{q.container('container_memory_rss')}", "rss {{pod}}"),
              (q.memory_limit(), "limit {{pod}}")], unit="bytes")
    b.series("JVM memory", "Heap in use and its maximum, non-heap (metaspace, code cache) and direct "
             "buffers (java.nio, where Netty keeps socket buffers) per pod. Good: heap a saw-tooth under its "
             "maximum, direct flat; heap max + direct + non-heap + threads must fit the container limit.",
             [(f"sum by (pod) (jvm_memory_used_bytes{{{q.sel(HEAP)}}})", "heap {{pod}}"),
              (f"sum by (pod) (jvm_memory_max_bytes{{{q.sel(HEAP)}}} > 0)", "heap max {{pod}}"),
              (f"sum by (pod) (jvm_memory_used_bytes{{{q.sel(NONHEAP)}}})", "non-heap {{pod}}"),
              (f"sum by (pod) (jvm_buffer_memory_used_bytes{{{q.sel(DIRECT)}}})", "direct {{pod}}")],
             unit="bytes")


def saturation(b, q):
    b.row("Saturation")
    b.series("Event-loop delay", "How late each node's event loops run a timer, p99 and max. Good: "
             "under 10 ms; above 100 ms every player on that node waits (alert HivecastEventLoopDelayed).",
             [(q.quantile(0.99, "tracker_event_loop_delay_seconds", "pod"), "p99 {{pod}}"),
              (f"max by (pod) (tracker_event_loop_delay_seconds_max{{{q.s}}})", "max {{pod}}")], unit="s", w=8)
    b.series("Handling time per message", "Event-loop time per message by type, p99 (one message in 8 "
             "is timed). Good: tens of microseconds; announces with offers cost most.",
             [(q.quantile(0.99, "tracker_message_handling_seconds", "type"), "p99 {{type}}")], unit="s", w=8)
    b.series("CPU", "CPU cores used per pod. Good: below the pod's CPU limit with room for a spike of "
             "joining viewers.",
             [(f"{q.sum_rate('process_cpu_time_ns_total', by='pod')} / 1e9", "{{pod}}")], unit="short", w=8)
    b.series("Heap used", "JVM heap in use per pod. Good: a saw-tooth well below the maximum.",
             [(f"sum by (pod) (jvm_memory_used_bytes{{{q.sel(HEAP)}}})", "{{pod}}"),
              (f"sum by (pod) (jvm_memory_max_bytes{{{q.sel(HEAP)}}} > 0)", "max {{pod}}")],
             unit="bytes", w=8)
    b.series("GC time", "Share of time in garbage-collection pauses per pod. Good: under 1 %.",
             [(q.sum_rate("jvm_gc_pause_seconds_sum", by="pod"), "{{pod}}")], unit="percentunit", w=8)
    b.series("Open files", "File descriptors in use over the limit, per pod (one per connection). "
             "Good: well under 1 (alert HivecastOpenFilesNearMax).",
             [(f"max by (pod) (process_files_open_files{{{q.s}}} / process_files_max_files{{{q.s}}})", "{{pod}}")],
             unit="percentunit", w=8)
