{{/* Ports the NetworkPolicy lets the pods reach, read from the URLs the tracker is given. */}}
{{/* The port of a URL's authority, or the scheme's default ($ is a dict: url, default). */}}
{{- define "hivecast.urlPort" -}}
{{- $host := (urlParse .url).host }}
{{- if regexMatch ":[0-9]+$" $host }}
{{- regexFind "[0-9]+$" $host }}
{{- else }}
{{- .default }}
{{- end }}
{{- end }}

{{/* Redis's port for the NetworkPolicy: from cluster.redis.url, else networkPolicy.redis.port. */}}
{{- define "hivecast.redisPort" -}}
{{- include "hivecast.urlPort" (dict "url" .Values.cluster.redis.url "default" (toString (int .Values.networkPolicy.redis.port))) }}
{{- end }}

{{/* The ports of the info_hash lists given as http(s) URLs under config.access, as a JSON array. */}}
{{- define "hivecast.listUrlPorts" -}}
{{- $access := default (dict) (default (dict) .Values.config).access }}
{{- $ports := list }}
{{- range $key := list "info-hash-allowlist" "info-hash-denylist" }}
{{- $url := toString (get $access $key) }}
{{- if regexMatch "^https?://" $url }}
{{- $port := include "hivecast.urlPort" (dict "url" $url "default" (ternary "443" "80" (hasPrefix "https://" $url))) | int }}
{{- $ports = append $ports $port }}
{{- end }}
{{- end }}
{{- toJson ($ports | uniq) }}
{{- end }}
