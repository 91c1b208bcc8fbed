"""The parameters the dashboards and alerts are built with, and their defaults.

Each is one place where "what an operator should act on" is decided: the alert fires at the same
value that turns the matching stat panel red. build.py --set name=value changes one for a build
(python3 grafana/build.py --help lists them). The Helm chart can change the alert thresholds again
from its values (prometheusRule.thresholds), without a rebuild.
"""

DEFAULTS = {
    # The scrape job of the tracker targets. The chart's ServiceMonitor names it hivecast for every
    # release; name your own scrape job so, or build with --set job=<yours>.
    "job": "hivecast",
    # The tracker's container in its pods, as kube-state-metrics and cAdvisor label it (the chart's).
    "container": "tracker",
    # Where the runbooks are read: each alert's runbook_url is this plus #<alert name, lower case>.
    "runbook_url": "https://hivecast.example/docs/runbooks.md",
    # Answered share of relayed offers: amber below the first, red (and alert) below the second.
    "answer_rate_amber": 0.5,
    "answer_rate_low": 0.3,
    # The answer-rate alert waits for at least this many offers a second in the namespace.
    "answer_rate_min_offers": 0.1,
    # Offer-to-answer p90, seconds: amber, red.
    "time_to_answer_amber": 2,
    "time_to_answer_red": 5,
    # Container working set over its memory limit: amber, red (and alert).
    "memory_amber": 0.8,
    "memory_limit": 0.9,
    # Open file descriptors over the process's maximum: amber, red (and alert).
    "open_files_amber": 0.5,
    "open_files_limit": 0.8,
    # Share of WebSocket upgrades refused (all reasons): amber, red (and alert, per reason), and
    # the refusals a second below which the alert stays quiet (a handful of bad clients).
    "upgrades_refused_amber": 0.02,
    "upgrades_refused_ratio": 0.1,
    "upgrades_refused_min_rate": 0.2,
    # Share of viewers' bytes that came from other viewers: red below the first, amber below the second.
    "offload_share_red": 0.05,
    "offload_share_amber": 0.3,
    # Share of relayed offers without a server-reflexive ICE candidate (viewers whose STUN server is
    # not configured or not reached): amber, red (and alert), and the offers a second in a namespace
    # below which the alert stays quiet (a handful of viewers on one office network).
    "stun_missing_amber": 0.25,
    "stun_missing_ratio": 0.5,
    "stun_min_offers": 0.1,
    # Share of received messages refused by a rate limit: amber, red.
    "rate_limited_amber": 0.01,
    "rate_limited_red": 0.05,
    # Share of offers and answers dropped (no candidate, receiver gone, queue full): amber, red (and alert).
    "relay_drops_amber": 0.01,
    "relay_drops_ratio": 0.05,
    # Share of a pod's messages dropped for full send queues (alert).
    "send_queue_drops_ratio": 0.01,
    # Event-loop delay p99, seconds: amber, red (and alert).
    "event_loop_delay_amber": 0.01,
    "event_loop_delay": 0.1,
    # Share of cluster-directory publishes or reads that fail (alerts).
    "directory_failure_ratio": 0.05,
    # Days of certificate validity left: warning and critical alerts.
    "tls_expiry_warning_days": 14,
    "tls_expiry_critical_days": 2,
}


def parse(assignments):
    """DEFAULTS with name=value assignments applied; numbers stay numbers, unknown names fail."""
    params = dict(DEFAULTS)
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or name not in DEFAULTS:
            raise SystemExit(f"--set {assignment}: expected name=value, name one of {', '.join(DEFAULTS)}")
        params[name] = number(value) if isinstance(DEFAULTS[name], (int, float)) else value
    return params


def number(text):
    try:
        value = float(text)
    except ValueError:
        raise SystemExit(f"not a number: {text}")
    return int(value) if value.is_integer() else value


def describe():
    return "\n".join(f"  {name} (default {value})" for name, value in DEFAULTS.items())
