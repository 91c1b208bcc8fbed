"""The Grafana dashboard model the dashboards are written in, and the PromQL helpers they share."""

DS = {"type": "prometheus", "uid": "${datasource}"}
RI = "$__rate_interval"


class Queries:
    """Selectors and expressions for the tracker's pods, with the job a build was given."""

    def __init__(self, params):
        self.params = params
        self.pods = 'namespace=~"$namespace", pod=~"$pod"'
        self.s = f'job="{params["job"]}", ' + self.pods

    def sel(self, extra=""):
        return self.s + (", " + extra if extra else "")

    def rate(self, metric, extra=""):
        return f"rate({metric}{{{self.sel(extra)}}}[{RI}])"

    def sum_rate(self, metric, extra="", by=""):
        return (f"sum by ({by}) " if by else "sum") + f"({self.rate(metric, extra)})"

    def quantile(self, q, metric, by=""):
        keys = (by + ", le") if by else "le"
        return f"histogram_quantile({q}, sum by ({keys}) ({self.rate(metric + '_bucket')}))"

    def container(self, metric, extra=""):
        """A kube-state-metrics or cAdvisor series of the tracker's container, per pod. Those
        come from other scrape jobs, so they are matched on namespace and pod, not job."""
        sel = f'{self.pods}, container="{self.params["container"]}"' + (", " + extra if extra else "")
        return f"max by (namespace, pod) ({metric}{{{sel}}})"

    def memory_limit(self):
        """The container's memory limit from kube-state-metrics, else from cAdvisor (0 there means
        no limit); nothing when neither is scraped, which leaves the limit off the panels."""
        ksm = self.container("kube_pod_container_resource_limits", 'resource="memory"')
        cadvisor = self.container("container_spec_memory_limit_bytes")
        return f"({ksm} or {cadvisor} > 0)"

    def memory_share(self):
        """Working set over limit per tracker pod (pods the tracker's own job reports)."""
        return (f"{self.container('container_memory_working_set_bytes')} "
                f"* on (namespace, pod) max by (namespace, pod) (tracker_build_info{{{self.s}}}) "
                f"/ on (namespace, pod) {self.memory_limit()}")


def higher_is_worse(amber, red):
    return [("green", None), ("orange", amber), ("red", red)]


def lower_is_worse(red, amber):
    return [("red", None), ("orange", red), ("green", amber)]


# Nobody connected, no swarm, no node: red, since viewers expected now cannot reach the tracker.
NONE_IS_RED = [("red", None), ("green", 1)]


class Board:
    def __init__(self, uid, title, description, job):
        self.uid, self.title, self.description, self.job = uid, title, description, job
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

    def stat(self, title, description, expr, steps, unit="short", w=4, decimals=None):
        """steps: (colour, from value) pairs, the first from None; where an operator should act is red."""
        defaults = {"unit": unit, "color": {"mode": "thresholds"},
                    "thresholds": {"mode": "absolute",
                                   "steps": [{"color": c, "value": v} for c, v in steps]}}
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

    def by_label(self, q, title, description, metric, labels, extra="", legend=None, unit="ops", w=12, h=8):
        """A counter's rate per second split by its labels: a new refusal counter is one call."""
        legend = legend or " ".join("{{" + label.strip() + "}}" for label in labels.split(","))
        self.series(title, description, [(q.sum_rate(metric, extra, by=labels), legend)], unit=unit, w=w, h=h)

    def json(self):
        variables = [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0, "refresh": 1, "regex": "", "includeAll": False, "multi": False,
             "options": []},
            self._query_var("namespace", "Namespace",
                            f'label_values(tracker_build_info{{job="{self.job}"}}, namespace)'),
            self._query_var("pod", "Pod",
                            f'label_values(tracker_build_info{{job="{self.job}", namespace=~"$namespace"}}, pod)'),
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
