{{/* Chart name, at most 63 characters (a DNS label). */}}
{{- define "hivecast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already holds the chart name. */}}
{{- define "hivecast.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "hivecast.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hivecast.labels" -}}
helm.sh/chart: {{ include "hivecast.chart" . }}
{{ include "hivecast.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "hivecast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hivecast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "hivecast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hivecast.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "hivecast.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The backend in force: cluster.backend, or local for one fixed replica and hazelcast otherwise. */}}
{{- define "hivecast.backend" -}}
{{- $backend := .Values.cluster.backend }}
{{- if not $backend }}
{{- $backend = ternary "local" "hazelcast" (and (eq (int .Values.replicaCount) 1) (not .Values.autoscaling.enabled)) }}
{{- end }}
{{- if and (eq $backend "local") (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "cluster.backend local keeps swarms inside one pod: it needs replicaCount 1 and autoscaling.enabled false (use hazelcast or redis for more pods)" }}
{{- end }}
{{- if eq $backend "redis" }}
{{- include "hivecast.checkRedis" . }}
{{- end }}
{{- $backend }}
{{- end }}

{{/*
cluster.redis: each credential from exactly one place. Both a value and a Secret of one's own
would leave the reader guessing which one the pods use.
*/}}
{{- define "hivecast.checkRedis" -}}
{{- $r := .Values.cluster.redis }}
{{- if and (not $r.url) (not $r.existingSecret) }}
{{- fail "cluster.backend redis needs cluster.redis.url or cluster.redis.existingSecret" }}
{{- end }}
{{- if and $r.url $r.existingSecret }}
{{- fail "cluster.redis.url and cluster.redis.existingSecret are both set: keep one (the URL's Secret is either the chart's or yours)" }}
{{- end }}
{{- if and $r.password $r.existingPasswordSecret }}
{{- fail "cluster.redis.password and cluster.redis.existingPasswordSecret are both set: keep one" }}
{{- end }}
{{- if and $r.tlsTrust.secretName $r.tlsTrust.configMapName }}
{{- fail "cluster.redis.tlsTrust.secretName and cluster.redis.tlsTrust.configMapName are both set: the CA bundle comes from one of them" }}
{{- end }}
{{- if and (include "hivecast.redisTlsTrustPem" .) $r.url (not (hasPrefix "rediss://" $r.url)) }}
{{- fail "cluster.redis.tlsTrust is set but cluster.redis.url is not a rediss:// URL: the CA bundle is only used for TLS (the tracker refuses to start otherwise)" }}
{{- end }}
{{- end }}

{{- define "hivecast.hazelcastServiceName" -}}
{{- printf "%s-hazelcast" (include "hivecast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hivecast.adminServiceName" -}}
{{- printf "%s-admin" (include "hivecast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret the chart creates for the Redis URL and password given as values. */}}
{{- define "hivecast.redisSecretName" -}}
{{- printf "%s-redis" (include "hivecast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Redis URL and password given as values, which go into the chart's Secret (key: value). */}}
{{- define "hivecast.redisSecretData" -}}
{{- $r := .Values.cluster.redis }}
{{- $data := dict }}
{{- if and $r.url (not $r.existingSecret) }}
{{- $_ := set $data "redis-url" $r.url }}
{{- end }}
{{- if and $r.password (not $r.existingPasswordSecret) }}
{{- $_ := set $data "redis-password" $r.password }}
{{- end }}
{{- toJson $data }}
{{- end }}

{{/*
Where the CA bundle for rediss:// is mounted: a directory of its own, because a mount nested in
the config ConfigMap's read-only volume could not be created.
*/}}
{{- define "hivecast.redisTlsTrustDir" -}}/etc/hivecast-redis-tls{{- end }}

{{/* The bundle's path in the pod (cluster.redis-tls-trust-pem); empty when none is configured. */}}
{{- define "hivecast.redisTlsTrustPem" -}}
{{- $t := .Values.cluster.redis.tlsTrust }}
{{- if or $t.secretName $t.configMapName }}
{{- printf "%s/ca.pem" (include "hivecast.redisTlsTrustDir" .) }}
{{- end }}
{{- end }}

{{/* The Secret the chart creates for the signed-URL secrets given as values. */}}
{{- define "hivecast.accessSecretName" -}}
{{- printf "%s-access" (include "hivecast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The ConfigMap the chart creates for the info_hash lists given as values. */}}
{{- define "hivecast.listsConfigMapName" -}}
{{- printf "%s-lists" (include "hivecast.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
access.signedUrls and access.infoHashLists: each from exactly one place, and nothing the tracker
would refuse at start-up (a crash loop says less than a failed install). Secrets are never printed.
*/}}
{{- define "hivecast.checkAccess" -}}
{{- $s := .Values.access.signedUrls }}
{{- if and $s.secret $s.existingSecret }}
{{- fail "access.signedUrls.secret and access.signedUrls.existingSecret are both set: keep one" }}
{{- end }}
{{- if and $s.previousSecret $s.existingSecret }}
{{- fail "access.signedUrls.previousSecret and access.signedUrls.existingSecret are both set: with your own Secret the previous secret is its key existingSecretPreviousKey" }}
{{- end }}
{{- if and $s.previousSecret (not $s.secret) }}
{{- fail "access.signedUrls.previousSecret needs access.signedUrls.secret (the tracker refuses a previous secret alone)" }}
{{- end }}
{{- range $name := list "secret" "previousSecret" }}
{{- $value := get $s $name }}
{{- if and $value (lt (len $value) 16) }}
{{- fail (printf "access.signedUrls.%s must have at least 16 characters, got %d (the tracker refuses shorter ones)" $name (len $value)) }}
{{- end }}
{{- end }}
{{- $l := .Values.access.infoHashLists }}
{{- if and (or $l.allowlist $l.denylist) $l.existingConfigMap }}
{{- fail "access.infoHashLists: the lists' text (allowlist, denylist) and existingConfigMap are both set: keep one" }}
{{- end }}
{{- if and $l.existingConfigMap (not (or $l.existingAllowlistKey $l.existingDenylistKey)) }}
{{- fail "access.infoHashLists.existingConfigMap needs existingAllowlistKey or existingDenylistKey: the keys holding the lists" }}
{{- end }}
{{- if and (not $l.existingConfigMap) (or $l.existingAllowlistKey $l.existingDenylistKey) }}
{{- fail "access.infoHashLists.existingAllowlistKey and existingDenylistKey are keys of access.infoHashLists.existingConfigMap, which is not set" }}
{{- end }}
{{- end }}

{{/* "true" when signed URLs are on (from values or the operator's Secret); empty otherwise. */}}
{{- define "hivecast.signedUrls" -}}
{{- if or .Values.access.signedUrls.secret .Values.access.signedUrls.existingSecret }}true{{- end }}
{{- end }}

{{/* Where the info_hash lists are mounted: a directory of its own, outside the config's volume. */}}
{{- define "hivecast.listsDir" -}}/etc/hivecast-lists{{- end }}

{{/*
The lists in use as JSON, {"allowlist": KEY, "denylist": KEY}: the key of each in the ConfigMap
(the chart's or the operator's); each is mounted at listsDir/<list>.txt.
*/}}
{{- define "hivecast.infoHashLists" -}}
{{- $l := .Values.access.infoHashLists }}
{{- $lists := dict }}
{{- if $l.existingConfigMap }}
{{- if $l.existingAllowlistKey }}{{- $_ := set $lists "allowlist" $l.existingAllowlistKey }}{{- end }}
{{- if $l.existingDenylistKey }}{{- $_ := set $lists "denylist" $l.existingDenylistKey }}{{- end }}
{{- else }}
{{- if $l.allowlist }}{{- $_ := set $lists "allowlist" "allowlist.txt" }}{{- end }}
{{- if $l.denylist }}{{- $_ := set $lists "denylist" "denylist.txt" }}{{- end }}
{{- end }}
{{- toJson $lists }}
{{- end }}

{{/* Where the TLS Secret's tls.crt and tls.key are mounted. */}}
{{- define "hivecast.tlsDir" -}}/etc/hivecast-tls{{- end }}
{{- define "hivecast.clusterTlsDir" -}}/etc/hivecast-cluster-tls{{- end }}

{{/*
config.access and config.tls keys the chart sets: secrets (the ConfigMap is plain text) and the
paths of files it mounts. A list at a URL stays the user's; a list file could only be missing.
*/}}
{{- define "hivecast.refuseAccessAndTlsUnderConfig" -}}
{{- $user := default (dict) .Values.config }}
{{- $userAccess := default (dict) $user.access }}
{{- range $key := list "url-secret" "url-previous-secret" }}
{{- if hasKey $userAccess $key }}
{{- fail (printf "config.access.%s is set by the chart from a Secret (see values.yaml: access.signedUrls); remove it from config, which is stored in plain text in a ConfigMap" $key) }}
{{- end }}
{{- end }}
{{- $lists := include "hivecast.infoHashLists" . | fromJson }}
{{- range $list := list "allowlist" "denylist" }}
{{- $key := printf "info-hash-%s" $list }}
{{- $source := toString (get $userAccess $key) }}
{{- if and (hasKey $userAccess $key) (hasKey $lists $list) }}
{{- fail (printf "config.access.%s is set by the chart from access.infoHashLists; remove one of the two" $key) }}
{{- end }}
{{- if and (hasKey $userAccess $key) $source (not (regexMatch "^https?://" $source)) }}
{{- fail (printf "config.access.%s must be an http(s) URL: the pod holds no file of yours; give the list in access.infoHashLists (values.yaml), which mounts it" $key) }}
{{- end }}
{{- end }}
{{- $userTls := default (dict) $user.tls }}
{{- range $key := list "cert-pem" "key-pem" }}
{{- if hasKey $userTls $key }}
{{- fail (printf "config.tls.%s is set by the chart from the Secret named in tls.secretName (see values.yaml: tls); remove it from config" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
wss://host/ from the Ingress, else from the HTTPRoute's first host name, unless publicUrl is set;
empty when none says. A Gateway serving players on https: pages must speak TLS, hence wss.
*/}}
{{- define "hivecast.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl }}
{{- else if .Values.ingress.enabled }}
{{- printf "%s://%s%s" (ternary "wss" "ws" .Values.ingress.tls.enabled) .Values.ingress.host .Values.ingress.path }}
{{- else if and .Values.httpRoute.enabled .Values.httpRoute.hostnames }}
{{- printf "wss://%s%s" (first .Values.httpRoute.hostnames) .Values.httpRoute.path }}
{{- end }}
{{- end }}

{{/* Seconds from the pod's deletion to the tracker's forced exit, and the grace period covering it. */}}
{{- define "hivecast.terminationGracePeriodSeconds" -}}
{{- $d := .Values.drain }}
{{- if lt (int $d.timeoutSeconds) (int $d.windowSeconds) }}
{{- fail (printf "drain.timeoutSeconds (%d) must be at least drain.windowSeconds (%d): the tracker refuses to start otherwise" (int $d.timeoutSeconds) (int $d.windowSeconds)) }}
{{- end }}
{{- $needed := add (int $d.preStopSleepSeconds) (int $d.timeoutSeconds) 15 }}
{{- if kindIs "invalid" $d.terminationGracePeriodSeconds }}
{{- $needed }}
{{- else if lt (int $d.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "drain.terminationGracePeriodSeconds (%d) must be at least preStopSleepSeconds + timeoutSeconds + 15 = %d, or the kubelet kills the tracker mid-drain" (int $d.terminationGracePeriodSeconds) (int $needed)) }}
{{- else }}
{{- int $d.terminationGracePeriodSeconds }}
{{- end }}
{{- end }}

{{- define "hivecast.minReadySeconds" -}}
{{- if kindIs "invalid" .Values.rollout.minReadySeconds }}
{{- add (int .Values.drain.preStopSleepSeconds) (int .Values.drain.windowSeconds) 5 }}
{{- else }}
{{- int .Values.rollout.minReadySeconds }}
{{- end }}
{{- end }}

{{/*
The tracker's YAML config: the user's config with the keys the chart owns added. Those keys in
.Values.config are refused rather than silently overridden.
*/}}
{{- define "hivecast.trackerConfig" -}}
{{- $user := deepCopy (default (dict) .Values.config) }}
{{- range $key := list "host" "port" "public-url" "admin" "drain" "log-format" }}
{{- if hasKey $user $key }}
{{- fail (printf "config.%s is set by the chart (see values.yaml: ports, publicUrl, drain, logFormat); remove it from config" $key) }}
{{- end }}
{{- end }}
{{- $userCluster := default (dict) $user.cluster }}
{{- range $key := list "redis-url" "redis-password" }}
{{- if hasKey $userCluster $key }}
{{- fail (printf "config.cluster.%s is set by the chart from a Secret (see values.yaml: cluster.redis); remove it from config, which is stored in plain text in a ConfigMap" $key) }}
{{- end }}
{{- end }}
{{- range $key := list "backend" "name" "host" "port" "members" "kubernetes-service-dns" "redis-tls-trust-pem" "event-bus-port" "tls-cert-pem" "tls-key-pem" "tls-ca-pem" }}
{{- if hasKey $userCluster $key }}
{{- fail (printf "config.cluster.%s is set by the chart (see values.yaml: cluster, ports); remove it from config" $key) }}
{{- end }}
{{- end }}
{{- include "hivecast.checkAccess" . }}
{{- include "hivecast.refuseAccessAndTlsUnderConfig" . }}
{{- $lists := include "hivecast.infoHashLists" . | fromJson }}
{{- $backend := include "hivecast.backend" . }}
{{- $cluster := dict "backend" $backend }}
{{- if ne $backend "local" }}
{{- $_ := set $cluster "name" (include "hivecast.fullname" .) }}
{{- end }}
{{- if eq $backend "hazelcast" }}
{{- $_ := set $cluster "port" (int .Values.ports.hazelcast) }}
{{- $_ := set $cluster "kubernetes-service-dns" (printf "%s.%s.svc.%s" (include "hivecast.hazelcastServiceName" .) .Release.Namespace .Values.cluster.clusterDomain) }}
{{- $_ := set $cluster "event-bus-port" (int .Values.ports.eventBus) }}
{{- end }}
{{- /* Paths, not secrets: the key pair and CA are mounted from the Secret named in values. */}}
{{- if .Values.cluster.tls.secretName }}
{{- if ne $backend "hazelcast" }}
{{- fail "cluster.tls.secretName is for cluster.backend hazelcast (with redis, relays travel through Redis: use a rediss:// cluster.redis.url)" }}
{{- end }}
{{- $dir := include "hivecast.clusterTlsDir" . }}
{{- $_ := set $cluster "tls-cert-pem" (printf "%s/tls.crt" $dir) }}
{{- $_ := set $cluster "tls-key-pem" (printf "%s/tls.key" $dir) }}
{{- $_ := set $cluster "tls-ca-pem" (printf "%s/ca.crt" $dir) }}
{{- end }}
{{- /* A path, not a secret: the bundle itself is mounted from the Secret or ConfigMap named in values. */}}
{{- if and (eq $backend "redis") (include "hivecast.redisTlsTrustPem" .) }}
{{- $_ := set $cluster "redis-tls-trust-pem" (include "hivecast.redisTlsTrustPem" .) }}
{{- end }}
{{- $managed := dict "host" "0.0.0.0" "port" (int .Values.ports.websocket) "admin" (dict "port" (int .Values.ports.admin)) "drain" (dict "window" (printf "%ds" (int .Values.drain.windowSeconds)) "timeout" (printf "%ds" (int .Values.drain.timeoutSeconds))) "cluster" $cluster }}
{{- $url := include "hivecast.publicUrl" . }}
{{- if $url }}
{{- $_ := set $managed "public-url" $url }}
{{- end }}
{{- /* Paths, not secrets: the lists and the key pair are mounted from the ConfigMap and Secret named in values. */}}
{{- if $lists }}
{{- $access := dict }}
{{- range $list, $key := $lists }}
{{- $_ := set $access (printf "info-hash-%s" $list) (printf "%s/%s.txt" (include "hivecast.listsDir" $) $list) }}
{{- end }}
{{- $_ := set $managed "access" $access }}
{{- end }}
{{- if .Values.tls.secretName }}
{{- $tlsDir := include "hivecast.tlsDir" . }}
{{- $_ := set $managed "tls" (dict "cert-pem" (printf "%s/tls.crt" $tlsDir) "key-pem" (printf "%s/tls.key" $tlsDir)) }}
{{- end }}
{{- toYaml (mustMergeOverwrite $user $managed) }}
{{- end }}
