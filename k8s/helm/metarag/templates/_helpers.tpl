{{/*
Names. Every name derives from the release name (or fullnameOverride) and fixed suffixes only,
never from the chart version or from values that change on upgrade, so that `helm upgrade` finds
the same claims, Services and ConfigMaps again.
*/}}

{{- define "metarag.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "metarag.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of a component's objects: <fullname>-<component>. Args: root, component. */}}
{{- define "metarag.componentName" -}}
{{- printf "%s-%s" (include "metarag.fullname" .root) .component -}}
{{- end -}}

{{/* The claim of the retriever's collections. */}}
{{- define "metarag.retrieverClaim" -}}
{{- printf "%s-retriever-data" (include "metarag.fullname" .) -}}
{{- end -}}

{{/* The claim shared by the trainer, its workers, the adapter, the generator and the retriever. */}}
{{- define "metarag.sharedClaim" -}}
{{- if .Values.sharedStorage.existingClaim -}}
{{- .Values.sharedStorage.existingClaim -}}
{{- else -}}
{{- printf "%s-shared" (include "metarag.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "metarag.serviceAccountName" -}}
{{- default (include "metarag.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "metarag.trainerServiceAccountName" -}}
{{- default (printf "%s-meta-trainer" (include "metarag.fullname" .)) .Values.metaTrainer.serviceAccount.name -}}
{{- end -}}

{{- define "metarag.workerServiceAccountName" -}}
{{- default (printf "%s-worker" (include "metarag.fullname" .)) .Values.worker.serviceAccount.name -}}
{{- end -}}

{{/*
Labels. Selector labels are name, instance and component only: they are immutable on a
Deployment, so nothing that changes between chart versions may be among them.
Args: root, component.
*/}}
{{- define "metarag.selectorLabels" -}}
app.kubernetes.io/name: {{ include "metarag.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "metarag.labels" -}}
{{ include "metarag.selectorLabels" . }}
app.kubernetes.io/part-of: metarag
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{- if .root.Values.helmLabels }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
An image reference: <registry>/<repository>@<digest>, else <registry>/<repository>:<tag>, the tag
defaulting to the chart's appVersion. Args: root, image.
*/}}
{{- define "metarag.image" -}}
{{- $repository := .image.repository -}}
{{- if .root.Values.image.registry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) .image.repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- $tag := default .root.Chart.AppVersion .image.tag | toString -}}
{{- if or (eq $tag "latest") (eq $tag "") -}}
{{- fail (printf "image %s: a pinned tag or digest is needed, not %q" .image.repository $tag) -}}
{{- end -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Fixed paths inside the pods. */}}
{{- define "metarag.sharedMount" -}}/var/lib/metarag/shared{{- end -}}
{{- define "metarag.retrieverMount" -}}/var/lib/metarag/retriever{{- end -}}
{{- define "metarag.datasetsDir" -}}
{{- if .Values.datasets.existingClaim -}}/var/lib/metarag/datasets{{- else -}}/var/lib/metarag/shared/datasets{{- end -}}
{{- end -}}
{{- define "metarag.registryDir" -}}/var/lib/metarag/shared/models{{- end -}}
{{- /* Data set files that requests name by path (DatasetRef.path) must lie here or in the named data sets. */ -}}
{{- define "metarag.dataRoot" -}}/var/lib/metarag/shared/data{{- end -}}
{{- define "metarag.tlsMount" -}}/etc/metarag/tls{{- end -}}
{{- define "metarag.authMount" -}}/etc/metarag/auth{{- end -}}
{{- define "metarag.clientKeyMount" -}}/etc/metarag/client{{- end -}}
{{- define "metarag.cacheMount" -}}/var/cache/metarag{{- end -}}

{{/* Where the worker image's DJL cache is (DJL_CACHE_DIR in meta-trainer-worker's Dockerfile). */}}
{{- define "metarag.workerCacheDir" -}}/var/cache/metarag/djl{{- end -}}

{{/* The retriever's address for the other services (plaintext gRPC, host:port). */}}
{{- define "metarag.retrieverAddress" -}}
{{- printf "%s:%d" (include "metarag.componentName" (dict "root" . "component" "retriever")) (int .Values.retriever.port) -}}
{{- end -}}

{{/*
The pod-level settings every service shares. Args: root, values (the service's values).
*/}}
{{- define "metarag.podCommon" -}}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
The gRPC port a container listens on and the probes on it. With TLS the kubelet probes the
plaintext probe port (Kubernetes gRPC probes have no TLS). Args: root, port.
*/}}
{{- define "metarag.probes" -}}
{{- $probePort := .port -}}
{{- if .root.Values.tls.enabled -}}
{{- $probePort = .root.Values.tls.probePort -}}
{{- end -}}
startupProbe:
  grpc:
    port: {{ $probePort }}
  periodSeconds: {{ .root.Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.startup.failureThreshold }}
  timeoutSeconds: {{ .root.Values.probes.startup.timeoutSeconds }}
livenessProbe:
  grpc:
    port: {{ $probePort }}
  periodSeconds: {{ .root.Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.liveness.failureThreshold }}
  timeoutSeconds: {{ .root.Values.probes.liveness.timeoutSeconds }}
readinessProbe:
  grpc:
    port: {{ $probePort }}
  periodSeconds: {{ .root.Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.readiness.failureThreshold }}
  timeoutSeconds: {{ .root.Values.probes.readiness.timeoutSeconds }}
{{- end -}}

{{- define "metarag.ports" -}}
ports:
  - name: grpc
    containerPort: {{ .port }}
    protocol: TCP
{{- if .root.Values.tls.enabled }}
  - name: probe
    containerPort: {{ .root.Values.tls.probePort }}
    protocol: TCP
{{- end }}
{{- end -}}

{{/*
Environment every service shares: its port, JVM options, TLS and API keys. With TLS the
service's port is the TLS port and plaintext moves to the probe port. The image's JDK_JAVA_OPTIONS
carries the module flags; JAVA_TOOL_OPTIONS adds the heap share and the temp directory.
Args: root, values, port.
*/}}
{{- define "metarag.commonEnv" -}}
{{- $httpPort := .port -}}
{{- if .root.Values.tls.enabled -}}
{{- $httpPort = .root.Values.tls.probePort -}}
{{- end -}}
- name: QUARKUS_HTTP_PORT
  value: {{ $httpPort | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ trim (printf "-XX:MaxRAMPercentage=%v -Djava.io.tmpdir=/tmp %s" .values.jvm.maxRamPercentage (default "" .values.jvm.options)) | quote }}
{{- if .root.Values.tls.enabled }}
- name: QUARKUS_HTTP_SSL_CERTIFICATE_FILES
  value: {{ printf "%s/tls.crt" (include "metarag.tlsMount" .root) | quote }}
- name: QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES
  value: {{ printf "%s/tls.key" (include "metarag.tlsMount" .root) | quote }}
- name: QUARKUS_HTTP_SSL_PORT
  value: {{ .port | quote }}
{{- end }}
{{- if .root.Values.auth.enabled }}
- name: METARAG_AUTH_ENABLED
  value: "true"
- name: METARAG_AUTH_KEYS_FILE
  value: {{ printf "%s/%s" (include "metarag.authMount" .root) .root.Values.auth.secretKey | quote }}
{{- end }}
{{- with .values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
How a service calls the others (metarag.client.*): over TLS trusting the CA of tls.secretName,
with the API key of auth.clientKeySecretName. Only for the services that call the retriever.
Args: root.
*/}}
{{- define "metarag.clientEnv" -}}
{{- if .root.Values.tls.enabled }}
- name: METARAG_CLIENT_TLS_ENABLED
  value: "true"
{{- if .root.Values.tls.caKey }}
- name: METARAG_CLIENT_TLS_CA_FILE
  value: {{ printf "%s/%s" (include "metarag.tlsMount" .root) .root.Values.tls.caKey | quote }}
{{- end }}
{{- end }}
{{- if .root.Values.auth.enabled }}
- name: METARAG_CLIENT_API_KEY_FILE
  value: {{ printf "%s/%s" (include "metarag.clientKeyMount" .root) .root.Values.auth.clientKeySecretKey | quote }}
{{- end }}
{{- end -}}

{{- define "metarag.clientVolumes" -}}
{{- if .root.Values.auth.enabled }}
- name: client-key
  secret:
    secretName: {{ required "auth.clientKeySecretName is required when auth.enabled is true" .root.Values.auth.clientKeySecretName }}
    defaultMode: 0440
    items:
      - key: {{ .root.Values.auth.clientKeySecretKey }}
        path: {{ .root.Values.auth.clientKeySecretKey }}
{{- end }}
{{- end -}}

{{- define "metarag.clientVolumeMounts" -}}
{{- if .root.Values.auth.enabled }}
- name: client-key
  mountPath: {{ include "metarag.clientKeyMount" .root }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Volumes every service has: /tmp, and the TLS and API-key Secrets when on. Args: root. */}}
{{- define "metarag.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.tmpSizeLimit }}
{{- if .root.Values.tls.enabled }}
- name: tls
  secret:
    secretName: {{ required "tls.secretName is required when tls.enabled is true" .root.Values.tls.secretName }}
    defaultMode: 0440
{{- end }}
{{- if .root.Values.auth.enabled }}
- name: auth
  secret:
    secretName: {{ required "auth.secretName is required when auth.enabled is true" .root.Values.auth.secretName }}
    defaultMode: 0440
    items:
      - key: {{ .root.Values.auth.secretKey }}
        path: {{ .root.Values.auth.secretKey }}
{{- end }}
{{- end -}}

{{- define "metarag.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .root.Values.tls.enabled }}
- name: tls
  mountPath: {{ include "metarag.tlsMount" .root }}
  readOnly: true
{{- end }}
{{- if .root.Values.auth.enabled }}
- name: auth
  mountPath: {{ include "metarag.authMount" .root }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* The shared claim as a pod volume. Args: root, datasets (whether the pod reads the data sets). */}}
{{- define "metarag.sharedVolume" -}}
- name: shared
  persistentVolumeClaim:
    claimName: {{ include "metarag.sharedClaim" .root }}
{{- if and .datasets .root.Values.datasets.existingClaim }}
- name: datasets
  persistentVolumeClaim:
    claimName: {{ .root.Values.datasets.existingClaim }}
    readOnly: true
{{- end }}
{{- end -}}

{{/* Args: root, readOnly, datasets (whether the container reads the data sets). */}}
{{- define "metarag.sharedVolumeMounts" -}}
- name: shared
  mountPath: {{ include "metarag.sharedMount" .root }}
  {{- if .readOnly }}
  readOnly: true
  {{- end }}
{{- if and .datasets .root.Values.datasets.existingClaim }}
- name: datasets
  mountPath: {{ include "metarag.datasetsDir" .root }}
  readOnly: true
{{- end }}
{{- end -}}

{{/*
A ConfigMap's data as environment variables, from a map of name to value; null values are left
out, whole numbers are written without exponent (YAML numbers arrive as float64).
*/}}
{{- define "metarag.envData" -}}
{{- range $name, $value := . }}
{{- if not (kindIs "invalid" $value) }}
{{- $text := toString $value }}
{{- if and (kindIs "float64" $value) (eq (floor $value) $value) }}
{{- $text = int64 $value | toString }}
{{- end }}
{{ $name }}: {{ $text | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Checks that cannot be said in values.schema.json.
*/}}
{{- define "metarag.validate" -}}
{{- $r := .Values.retriever -}}
{{- if and $r.persistence.enabled (or (gt (int $r.replicas) 1) $r.autoscaling.enabled) -}}
{{- fail "retriever: more than one replica (replicas > 1 or autoscaling.enabled) is refused while retriever.persistence.enabled is true. Each retriever opens its collections from its own data directory at start-up and holds its Lucene indexes' write locks, so a second replica can neither open the same claim nor see collections created through the first. Keep one replica (scale search with SOLRCLOUD collections: shards and replicas in Solr)." -}}
{{- end -}}
{{- if .Values.tls.enabled -}}
{{- range $key := list "retriever" "generator" "adapter" "metaTrainer" -}}
{{- if eq (int (index $.Values $key).port) (int $.Values.tls.probePort) -}}
{{- fail (printf "tls.probePort %v is %s.port: the plaintext probe listener needs a port of its own" $.Values.tls.probePort $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
