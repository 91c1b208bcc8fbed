#!/usr/bin/env python3
"""Writes the Grafana dashboards (hivecast-*.json) and the provisioning manifests in this folder,
and the Helm chart's copies of the dashboards and rule files.

The dashboards are data, kept here as code so every panel states its query, unit and what good
looks like in one place. Run it after editing them or rules/*.yaml (python3 grafana/build.py);
the JSON and YAML it writes are committed, and DashboardQueriesIT evaluates every query of them
against a real Prometheus scraping a real tracker. Helm reads only files inside a chart, so
helm/hivecast/dashboards/ and helm/hivecast/rules/ hold byte-for-byte copies (the chart's tests
fail when they drift).
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CHART = os.path.join(os.path.dirname(HERE), "helm", "hivecast")
DS = {"type": "prometheus", "uid": "${datasource}"}
S = 'namespace=~"$namespace", pod=~"$pod"'
RI = "$__rate_interval"


def rate(metric, extra=""):
    sel = S + (", " + extra if extra else "")
    return f"rate({metric}{{{sel}}}[{RI}])"


def quantile(q, metric, by=""):
    keys = (by + ", le") if by else "le"
    return f"histogram_quantile({q}, sum by ({keys}) ({rate(metric + '_bucket')}))"


class Board:
    def __init__(self, uid, title, description):
        self.uid, self.title, self.description = uid, title, description
        self.panels, self.y, self.x, self.row_h, self.next_id = [], 0, 0, 0, 1

    def row(self, title):
        self._newline()
        self.panels.append({"type": "row", "title": title, "id": self._id(), "collapsed": False,
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []})
        self.y += 1

    def _newline(self):
        if self.x:
            self.y += self.row_h
            self.x, self.row_h = 0, 0

    def _id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def _place(self, w, h):
        if self.x + w > 24:
            self._newline()
        pos = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.x += w
        self.row_h = max(self.row_h, h)
        return pos

    def _targets(self, targets):
        out = []
        for i, t in enumerate(targets):
            expr, legend = t if isinstance(t, tuple) else (t, "")
            out.append({"refId": chr(ord("A") + i), "datasource": DS, "expr": expr,
                        "legendFormat": legend or "__auto", "range": True, "instant": False})
        return out

    def stat(self, title, description, expr, unit="short", w=4, decimals=None):
        defaults = {"unit": unit, "color": {"mode": "thresholds"},
                    "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}]}}
        if decimals is not None:
            defaults["decimals"] = decimals
        self.panels.append({
            "type": "stat", "title": title, "description": description, "id": self._id(),
            "datasource": DS, "gridPos": self._place(w, 4),
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "justifyMode": "auto",
                        "orientation": "auto", "textMode": "auto"},
            "targets": self._targets([expr])})

    def series(self, title, description, targets, unit="short", w=12, h=8, minimum=0, maximum=None):
        defaults = {"unit": unit, "min": minimum, "custom": {"drawStyle": "line", "lineWidth": 1,
                                                               "fillOpacity": 10, "showPoints": "never",
                                                               "spanNulls": False}}
        if maximum is not None:
            defaults["max"] = maximum
        self.panels.append({
            "type": "timeseries", "title": title, "description": description, "id": self._id(),
            "datasource": DS, "gridPos": self._place(w, h),
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                        "tooltip": {"mode": "multi", "sort": "desc"}},
            "targets": self._targets(targets)})

    def json(self):
        variables = [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0, "refresh": 1, "regex": "", "includeAll": False, "multi": False,
             "options": []},
            self._query_var("namespace", "Namespace", "label_values(tracker_build_info, namespace)"),
            self._query_var("pod", "Pod", 'label_values(tracker_build_info{namespace=~"$namespace"}, pod)'),
        ]
        return {
            "uid": self.uid, "title": self.title, "description": self.description,
            "tags": ["hivecast", "webtorrent", "tracker"], "editable": True, "graphTooltip": 1,
            "schemaVersion": 39, "version": 1, "refresh": "30s", "timezone": "",
            "time": {"from": "now-1h", "to": "now"}, "timepicker": {}, "fiscalYearStartMonth": 0,
            "liveNow": False, "weekStart": "",
            "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                                      "enable": True, "hide": True, "iconColor": "rgba(0, 211, 255, 1)",
                                      "name": "Annotations & Alerts", "type": "dashboard"}]},
            "links": [{"title": "Hivecast dashboards", "type": "dashboards", "tags": ["hivecast"],
                       "asDropdown": False, "includeVars": True, "keepTime": True}],
            "templating": {"list": variables},
            "panels": self.panels,
        }

    @staticmethod
    def _query_var(name, label, query):
        return {"name": name, "label": label, "type": "query", "datasource": DS,
                "definition": query, "query": {"query": query, "refId": name},
                "refresh": 2, "includeAll": True, "allValue": ".*", "multi": True, "sort": 1,
                "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
                "hide": 0, "regex": "", "options": [], "skipUrlSync": False}


def overview():
    b = Board("hivecast-overview", "Hivecast tracker / Overview",
              "Are viewers being introduced to each other, how fast, and is anything dropped?")
    b.row("Audience")
    b.stat("Connections", "Open WebSocket connections on the selected pods. Good: follows the number of "
           "players watching; a fall while viewers stay means players cannot reach the tracker.",
           f"sum(tracker_connections{{{S}}})")
    b.stat("Peers", "Swarm memberships (a player in two renditions counts twice). Good: about connections "
           "times renditions watched per player.", f"sum(tracker_members{{{S}}})")
    b.stat("Swarms", "Swarms with members, summed over nodes (a swarm on three nodes counts three times). "
           "Good: about streams times renditions.", f"sum(tracker_swarms{{{S}}})")
    b.stat("Answer rate", "Share of relayed offers answered in time. Good: steady; players answer most "
           "offers they get. Near zero means peers are not connecting (see Time to answer).",
           f"sum({rate('tracker_offers_answered_total')}) / sum({rate('tracker_offers_relayed_total')})",
           unit="percentunit", decimals=1)
    b.stat("Time to answer p90", "90th percentile of offer-to-answer time. Good: under a second or two "
           "(browsers gather ICE candidates before answering); rising means players are slow or overloaded.",
           quantile(0.9, "tracker_offer_answer_seconds"), unit="s", decimals=2)
    b.stat("Nodes", "Cluster members as the nodes see them (1 for a lone node). Good: equals the tracker "
           "pods you run.", f"max(tracker_cluster_nodes{{{S}}})")
    b.series("Seeders and leechers", "Members by completeness. Good for live streams: nearly all leechers "
             "(live players never complete).",
             [(f"sum(tracker_seeders{{{S}}})", "seeders"), (f"sum(tracker_leechers{{{S}}})", "leechers")])
    b.series("Connections opened and closed", "New connections and closes per second by reason. Good: "
             "opened about equals closed over time; closes other than client and drain are the tracker "
             "shutting players out.",
             [(f"sum({rate('tracker_connections_opened_total')})", "opened"),
              (f"sum by (reason) ({rate('tracker_connections_closed_total')})", "closed: {{reason}}")],
             unit="ops")
    b.row("Signaling")
    b.series("Offers and answers relayed", "Relays per second by where they went. Good: answers follow "
             "offers; other_node stays small with local-first routing.",
             [(f"sum by (destination) ({rate('tracker_offers_relayed_total')})", "offers {{destination}}"),
              (f"sum by (destination) ({rate('tracker_answers_relayed_total')})", "answers {{destination}}")],
             unit="ops")
    b.series("Answer rate", "Answered offers over relayed offers. Good: flat. A drop to zero while offers "
             "flow is an outage of introductions (alert HivecastNoAnswersRelayed).",
             [(f"sum({rate('tracker_offers_answered_total')}) / sum({rate('tracker_offers_relayed_total')})",
               "answered share")], unit="percentunit", maximum=1)
    b.series("Time to answer", "Offer relayed to the receiver's answer, percentiles from the histogram. "
             "Good: p50 well under a second; p99 a few seconds at most.",
             [(quantile(0.5, "tracker_offer_answer_seconds"), "p50"),
              (quantile(0.9, "tracker_offer_answer_seconds"), "p90"),
              (quantile(0.99, "tracker_offer_answer_seconds"), "p99")], unit="s")
    b.series("Announces and scrapes", "Requests per second by announce event. Good: update dominates "
             "(one per player every announce interval); a wave of started is an audience arriving.",
             [(f"sum by (event) ({rate('tracker_announces_total')})", "announce {{event}}"),
              (f"sum({rate('tracker_scrapes_total')})", "scrape")], unit="reqps")
    b.series("Messages", "WebSocket messages per second. Good: sent is about received plus offers relayed.",
             [(f"sum({rate('tracker_messages_received_total')})", "received"),
              (f"sum({rate('tracker_messages_sent_total')})", "sent")], unit="ops")
    b.series("Bandwidth", "WebSocket payload bytes per second (offers carry SDP, a few KB each).",
             [(f"sum({rate('tracker_received_bytes_total')})", "received"),
              (f"sum({rate('tracker_sent_bytes_total')})", "sent")], unit="Bps")
    b.row("Errors and drops")
    b.series("Offers dropped", "Offers not relayed or never answered, per second by reason. Good: "
             "no_candidate and queue_full near zero; expired is offers players chose not to answer.",
             [(f"sum by (reason) ({rate('tracker_offers_dropped_total')})", "{{reason}}")], unit="ops", w=8)
    b.series("Answers dropped", "Answers not relayed, per second by reason. Good: near zero; unpaired "
             "rising means answers arrive after announce.offer-ttl or from clients that change peer_id.",
             [(f"sum by (reason) ({rate('tracker_answers_dropped_total')})", "{{reason}}")], unit="ops", w=8)
    b.series("Failures", "Requests refused with a failure reason, per second. Good: near zero; "
             "invalid_request rising after a player release means a client bug.",
             [(f"sum by (reason) ({rate('tracker_failures_total')})", "{{reason}}")], unit="ops", w=8)
    b.series("Slow consumers", "Messages dropped because a player's send queue was full, and players "
             "closed for it. Good: zero; steady drops mean players on links too slow to read signaling.",
             [(f"sum({rate('tracker_send_queue_drops_total')})", "send-queue drops"),
              ("sum(" + rate("tracker_connections_closed_total", 'reason="slow_consumer"') + ")",
               "slow-consumer closes")], unit="ops", w=24, h=6)
    b.row("Saturation")
    b.series("Event-loop delay", "How late each node's event loops run a timer, p99 and max. Good: "
             "under 10 ms; above 100 ms every player on that node waits (alert HivecastEventLoopDelayed).",
             [(quantile(0.99, "tracker_event_loop_delay_seconds", "pod"), "p99 {{pod}}"),
              (f"max by (pod) (tracker_event_loop_delay_seconds_max{{{S}}})", "max {{pod}}")], unit="s", w=8)
    b.series("Handling time per message", "Event-loop time per message by type, p99 (one message in 8 "
             "is timed). Good: tens of microseconds; announces with offers cost most.",
             [(quantile(0.99, "tracker_message_handling_seconds", "type"), "p99 {{type}}")], unit="s", w=8)
    b.series("CPU", "CPU cores used per pod. Good: below the pod's CPU limit with room for a spike of "
             "joining viewers.",
             [(f"sum by (pod) ({rate('process_cpu_time_ns_total')}) / 1e9", "{{pod}}")], unit="short", w=8)
    b.series("Heap used", "JVM heap in use per pod. Good: a saw-tooth well below the maximum.",
             [(f"sum by (pod) (jvm_memory_used_bytes{{{S}, area=\"heap\"}})", "{{pod}}"),
              (f"sum by (pod) (jvm_memory_max_bytes{{{S}, area=\"heap\"}} > 0)", "max {{pod}}")], unit="bytes", w=8)
    b.series("GC time", "Share of time in garbage-collection pauses per pod. Good: under 1 %.",
             [(f"sum by (pod) ({rate('jvm_gc_pause_seconds_sum')})", "{{pod}}")], unit="percentunit", w=8)
    b.series("Open files", "File descriptors in use over the limit, per pod (one per connection). "
             "Good: well under 1.",
             [(f"max by (pod) (process_files_open_files{{{S}}} / process_files_max_files{{{S}}})", "{{pod}}")],
             unit="percentunit", w=8)
    return b


def nodes():
    b = Board("hivecast-nodes", "Hivecast tracker / Nodes and cluster",
              "Each node's share of the load, and what crosses nodes in cluster mode.")
    b.row("Per node")
    b.series("Connections by node", "Open connections per pod. Good: even across pods (the load "
             "balancer spreads players); one pod far above the others gets the next spike first.",
             [(f"sum by (pod) (tracker_connections{{{S}}})", "{{pod}}")])
    b.series("Peers by node", "Swarm memberships per pod.",
             [(f"sum by (pod) (tracker_members{{{S}}})", "{{pod}}")])
    b.series("Messages received by node", "WebSocket messages per second per pod. Good: even across pods.",
             [(f"sum by (pod) ({rate('tracker_messages_received_total')})", "{{pod}}")], unit="ops")
    b.series("Relays by node", "Offers and answers relayed per second per pod.",
             [(f"sum by (pod) ({rate('tracker_offers_relayed_total')}) + "
               f"sum by (pod) ({rate('tracker_answers_relayed_total')})", "{{pod}}")], unit="ops")
    b.series("Bytes sent by node", "WebSocket payload bytes sent per second per pod.",
             [(f"sum by (pod) ({rate('tracker_sent_bytes_total')})", "{{pod}}")], unit="Bps")
    b.series("Event-loop delay p99 by node", "Good: under 10 ms on every pod.",
             [(quantile(0.99, "tracker_event_loop_delay_seconds", "pod"), "{{pod}}")], unit="s")
    b.series("Draining", "1 while a pod drains after SIGTERM. Good: 1 only during rollouts, for at most "
             "drain.window.", [(f"max by (pod) (tracker_draining{{{S}}})", "{{pod}}")], w=12, h=6)
    b.series("Versions", "Pods per running version. Good: one version, except during a rollout.",
             [(f"count by (version) (tracker_build_info{{{S}}})", "{{version}}")], w=12, h=6)
    b.series("TLS certificate time left", "Until the certificate each pod serves expires, for pods that "
             "serve wss:// themselves (tls.cert-pem; empty when TLS ends at the Ingress). Good: weeks, jumping "
             "back up at each renewal (alerts HivecastTlsCertificateExpiringSoon under 14 days, "
             "HivecastTlsCertificateExpiring under 2).",
             [(f"min by (pod) (tracker_tls_certificate_expiry_timestamp_seconds{{{S}}} > 0) - time()", "{{pod}}")],
             unit="s", w=12, h=6)
    b.series("TLS reloads", "Changed PEM files per pod: the certificate swapped for new connections "
             "(success), or the new pair refused and the old one kept (failure). Good: a success at each "
             "renewal, no failures (alert HivecastTlsReloadFailed).",
             [(f"sum by (pod, result) (increase(tracker_tls_reloads_total{{{S}}}[{RI}]))", "{{result}} {{pod}}")],
             w=12, h=6)
    b.row("Cluster")
    b.series("Cluster members seen", "Live nodes each pod sees, against the tracker pods Prometheus "
             "scrapes. Good: every line equals the pod count (alert HivecastClusterMemberMissing).",
             [(f"max by (pod) (tracker_cluster_nodes{{{S}}})", "seen by {{pod}}"),
              (f"count(tracker_build_info{{{S}}})", "pods scraped")])
    b.series("Offers crossing nodes", "Share of relayed offers handed to another node. Good: near zero "
             "with local-first routing in big swarms; high with uniform routing or tiny swarms.",
             [("sum(" + rate("tracker_offers_relayed_total", 'destination="other_node"') + ") / "
               f"sum({rate('tracker_offers_relayed_total')})", "other_node share")],
             unit="percentunit", maximum=1)
    b.series("Cross-node offers and answers", "Per second, sent to and received from other nodes. Good: "
             "what one node sends, another receives.",
             [(f"sum by (kind) ({rate('tracker_cluster_sent_total')})", "sent {{kind}}"),
              (f"sum by (kind) ({rate('tracker_cluster_received_total')})", "received {{kind}}")], unit="ops")
    b.series("Undeliverable and unreadable", "Cross-node messages whose receiver was gone, and messages "
             "a node could not read. Good: near zero; bursts when a node dies.",
             [(f"sum({rate('tracker_cluster_undeliverable_total')})", "undeliverable"),
              (f"sum({rate('tracker_cluster_bad_messages_total')})", "unreadable")], unit="ops")
    b.series("Directory updates", "Batches of swarm counts written to the cluster directory, and failed "
             "batches. Good: about two a second per node, no failures.",
             [(f"sum by (pod) ({rate('tracker_cluster_directory_publish_batches_total')})", "batches {{pod}}"),
              (f"sum({rate('tracker_cluster_directory_publish_failures_total')})", "failures")], unit="ops")
    b.series("Directory reads", "Reads of other nodes' counts, failures, waits for a fresh read and waits "
             "that timed out. Good: failures and timeouts at zero.",
             [(f"sum({rate('tracker_cluster_directory_reads_total')})", "reads"),
              (f"sum({rate('tracker_cluster_directory_read_failures_total')})", "read failures"),
              (f"sum({rate('tracker_cluster_directory_waits_total')})", "waits"),
              (f"sum({rate('tracker_cluster_directory_wait_timeouts_total')})", "wait timeouts")], unit="ops")
    b.series("Nodes lost", "Nodes declared dead and purged, as each survivor counted them. Good: zero; "
             "a step is a crashed or frozen pod.",
             [(f"sum by (pod) (increase(tracker_cluster_nodes_lost_total{{{S}}}[{RI}]))", "{{pod}}")],
             h=6)
    b.series("Cluster store (Redis)", "1 while a pod reaches its Redis (always 1 for the other backends), and "
             "seconds per second spent without it. Good: 1 and nothing; at 0 a pod serves only its own "
             "viewers.",
             [(f"min by (pod) (tracker_cluster_store_connected{{{S}}})", "connected {{pod}}"),
              (f"sum by (pod) ({rate('tracker_cluster_store_outage_seconds_total')})", "outage s/s {{pod}}")],
             h=6)
    return b


def write_dashboards():
    files = {}
    for board in (overview(), nodes()):
        name = board.uid + ".json"
        text = json.dumps(board.json(), indent=2) + "\n"
        with open(os.path.join(HERE, name), "w") as f:
            f.write(text)
        files[name] = text
    return files


def indent(text, spaces):
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def write_manifests(dashboards):
    header = ("# Generated by grafana/build.py from the files next to it; apply with kubectl -n <namespace> "
              "apply -f.\n")
    cm = [header, "# Dashboards for the Grafana sidecar of kube-prometheus-stack, which loads every ConfigMap\n",
          "# labelled grafana_dashboard: \"1\" (its default label).\n",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hivecast-dashboards\n  labels:\n",
          "    grafana_dashboard: \"1\"\n    app.kubernetes.io/name: hivecast\ndata:\n"]
    for name in sorted(dashboards):
        cm.append(f"  {name}: |-\n")
        cm.append(indent(dashboards[name].rstrip("\n") + "\n", 4))
    with open(os.path.join(HERE, "provisioning", "dashboards-configmap.yaml"), "w") as f:
        f.write("".join(cm))
    rules_dir = os.path.join(HERE, "rules")
    pr = [header, "# The alerts of grafana/rules/ for the Prometheus Operator. kube-prometheus-stack selects\n",
          "# PrometheusRules by its release label: add it under labels (e.g. release: kube-prometheus-stack).\n",
          "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: hivecast-alerts\n",
          "  labels:\n    app.kubernetes.io/name: hivecast\nspec:\n"]
    rule_files = sorted(n for n in os.listdir(rules_dir) if n.endswith(".yaml"))
    assert len(rule_files) == 1, "one rule file (its groups: becomes spec.groups): " + str(rule_files)
    with open(os.path.join(rules_dir, rule_files[0])) as f:
        body = "".join(l for l in f if not l.startswith("#"))
    pr.append(indent(body, 2))
    with open(os.path.join(HERE, "provisioning", "prometheusrule.yaml"), "w") as f:
        f.write("".join(pr))


def copy_into_chart(dashboards):
    """Mirrors the dashboards and rule files into the chart: copies them and deletes copies whose
    original is gone, so renaming a dashboard cannot leave a stale one shipped."""
    rules_dir = os.path.join(HERE, "rules")
    mirrors = [(os.path.join(CHART, "dashboards"), HERE, sorted(dashboards), ".json"),
               (os.path.join(CHART, "rules"), rules_dir,
                sorted(n for n in os.listdir(rules_dir) if n.endswith(".yaml")), ".yaml")]
    for target, source, names, suffix in mirrors:
        for stale in sorted(set(n for n in os.listdir(target) if n.endswith(suffix)) - set(names)):
            os.remove(os.path.join(target, stale))
        for name in names:
            shutil.copyfile(os.path.join(source, name), os.path.join(target, name))


if __name__ == "__main__":
    boards = write_dashboards()
    write_manifests(boards)
    copy_into_chart(boards)
