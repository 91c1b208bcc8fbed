"""The nodes dashboard: each node's share of the load, and what crosses nodes in cluster mode."""
from board import Board, Queries


def nodes(params):
    q = Queries(params)
    b = Board("hivecast-nodes", "Hivecast tracker / Nodes and cluster",
              "Each node's share of the load, and what crosses nodes in cluster mode.", params["job"])
    b.row("Per node")
    b.series("Connections by node", "Open connections per pod. Good: even across pods (the load "
             "balancer spreads players); one pod far above the others gets the next spike first.",
             [(f"sum by (pod) (tracker_connections{{{q.s}}})", "{{pod}}")])
    b.series("Peers by node", "Swarm memberships per pod.",
             [(f"sum by (pod) (tracker_members{{{q.s}}})", "{{pod}}")])
    b.series("Messages received by node", "WebSocket messages per second per pod. Good: even across pods.",
             [(f"sum by (pod) ({q.rate('tracker_messages_received_total')})", "{{pod}}")], unit="ops")
    b.series("Relays by node", "Offers and answers relayed per second per pod.",
             [(f"sum by (pod) ({q.rate('tracker_offers_relayed_total')}) + "
               f"sum by (pod) ({q.rate('tracker_answers_relayed_total')})", "{{pod}}")], unit="ops")
    b.series("Bytes sent by node", "WebSocket payload bytes sent per second per pod.",
             [(f"sum by (pod) ({q.rate('tracker_sent_bytes_total')})", "{{pod}}")], unit="Bps")
    b.series("Event-loop delay p99 by node", "Good: under 10 ms on every pod.",
             [(q.quantile(0.99, "tracker_event_loop_delay_seconds", "pod"), "{{pod}}")], unit="s")
    b.series("Draining", "1 while a pod drains after SIGTERM. Good: 1 only during rollouts, for at most "
             "drain.window.", [(f"max by (pod) (tracker_draining{{{q.s}}})", "{{pod}}")], w=12, h=6)
    b.series("Versions", "Pods per running version. Good: one version, except during a rollout.",
             [(f"count by (version) (tracker_build_info{{{q.s}}})", "{{version}}")], w=12, h=6)
    b.series("TLS certificate time left", "Until the certificate each pod serves expires, for pods that "
             "serve wss:// themselves (tls.cert-pem; empty when TLS ends at the Ingress). Good: weeks, jumping "
             "back up at each renewal (alerts HivecastTlsCertificateExpiringSoon under 14 days, "
             "HivecastTlsCertificateExpiring under 2).",
             [(f"min by (pod) (tracker_tls_certificate_expiry_timestamp_seconds{{{q.s}}} > 0) - time()", "{{pod}}")],
             unit="s", w=12, h=6)
    b.series("TLS reloads", "Changed PEM files per pod: the certificate swapped for new connections "
             "(success), or the new pair refused and the old one kept (failure). Good: a success at each "
             "renewal, no failures (alert HivecastTlsReloadFailed).",
             [(f"sum by (pod, result) (increase(tracker_tls_reloads_total{{{q.s}}}[$__rate_interval]))", "{{result}} {{pod}}")],
             w=12, h=6)
    b.row("Cluster")
    b.series("Cluster members seen", "Live nodes each pod sees, against the tracker pods Prometheus "
             "scrapes. Good: every line equals the pod count (alert HivecastClusterMemberMissing).",
             [(f"max by (pod) (tracker_cluster_nodes{{{q.s}}})", "seen by {{pod}}"),
              (f"count(tracker_build_info{{{q.s}}})", "pods scraped")])
    b.series("Offers crossing nodes", "Share of relayed offers handed to another node. Good: near zero "
             "with local-first routing in big swarms; high with uniform routing or tiny swarms.",
             [("sum(" + q.rate("tracker_offers_relayed_total", 'destination="other_node"') + ") / "
               f"sum({q.rate('tracker_offers_relayed_total')})", "other_node share")],
             unit="percentunit", maximum=1)
    b.series("Cross-node offers and answers", "Per second, sent to and received from other nodes. Good: "
             "what one node sends, another receives.",
             [(f"sum by (kind) ({q.rate('tracker_cluster_sent_total')})", "sent {{kind}}"),
              (f"sum by (kind) ({q.rate('tracker_cluster_received_total')})", "received {{kind}}")], unit="ops")
    b.series("Undeliverable and unreadable", "Cross-node messages whose receiver was gone, and messages "
             "a node could not read. Good: near zero; bursts when a node dies.",
             [(f"sum({q.rate('tracker_cluster_undeliverable_total')})", "undeliverable"),
              (f"sum({q.rate('tracker_cluster_bad_messages_total')})", "unreadable")], unit="ops")
    b.series("Directory updates", "Batches of swarm counts written to the cluster directory, and failed "
             "batches. Good: about two a second per node, no failures (alert HivecastDirectoryPublishFailing).",
             [(f"sum by (pod) ({q.rate('tracker_cluster_directory_publish_batches_total')})", "batches {{pod}}"),
              (f"sum({q.rate('tracker_cluster_directory_publish_failures_total')})", "failures")], unit="ops")
    b.series("Directory reads", "Reads of other nodes' counts, failures, waits for a fresh read and waits "
             "that timed out. Good: failures and timeouts at zero (alert HivecastDirectoryReadFailing).",
             [(f"sum({q.rate('tracker_cluster_directory_reads_total')})", "reads"),
              (f"sum({q.rate('tracker_cluster_directory_read_batches_total')})", "read batches"),
              (f"sum({q.rate('tracker_cluster_directory_read_failures_total')})", "read failures"),
              (f"sum({q.rate('tracker_cluster_directory_waits_total')})", "waits"),
              (f"sum({q.rate('tracker_cluster_directory_wait_timeouts_total')})", "wait timeouts")], unit="ops")
    b.series("Cluster TLS certificate time left", "Until the certificate each pod presents to the other "
             "nodes expires (cluster.tls-cert-pem; empty without cluster TLS). Good: weeks, jumping back up at "
             "each renewal (alert HivecastClusterTlsCertificateExpiring under "
             f"{params['tls_expiry_critical_days']} days).",
             [(f"min by (pod) (tracker_cluster_tls_certificate_expiry_timestamp_seconds{{{q.s}}} > 0) - time()",
               "{{pod}}")], unit="s", w=12, h=6)
    b.series("Cluster TLS refusals and reloads", "Nodes whose certificate a pod refused (not signed by the "
             "cluster CA, expired), and changed PEM files taken (success) or refused (failure). Good: no "
             "refusals (alert HivecastClusterTlsRefusing), a success at each renewal.",
             [(f"sum by (pod) (increase(tracker_cluster_tls_refused_total{{{q.s}}}[$__rate_interval]))",
               "refused {{pod}}"),
              (f"sum by (pod, result) (increase(tracker_cluster_tls_reloads_total{{{q.s}}}[$__rate_interval]))",
               "reload {{result}} {{pod}}")], w=12, h=6)
    b.series("Nodes lost", "Nodes declared dead and purged, as each survivor counted them. Good: zero; "
             "a step is a crashed or frozen pod.",
             [(f"sum by (pod) (increase(tracker_cluster_nodes_lost_total{{{q.s}}}[$__rate_interval]))", "{{pod}}")],
             h=6)
    b.series("Cluster store (Redis)", "1 while a pod reaches its Redis (always 1 for the other backends), and "
             "seconds per second spent without it. Good: 1 and nothing; at 0 a pod serves only its own "
             "viewers.",
             [(f"min by (pod) (tracker_cluster_store_connected{{{q.s}}})", "connected {{pod}}"),
              (f"sum by (pod) ({q.rate('tracker_cluster_store_outage_seconds_total')})", "outage s/s {{pod}}"),
              (f"sum by (pod) (increase(tracker_cluster_store_outages_total{{{q.s}}}[$__rate_interval]))",
               "outages {{pod}}")],
             h=6)
    return b
