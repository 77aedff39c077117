{{/* Name of the release's objects: <release>-switchboard, or the release name when it contains "switchboard". */}}
{{- define "sb.fullname" -}}
{{- if contains "switchboard" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-switchboard" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects. */}}
{{- define "sb.name" -}}
{{- printf "%s-%s" (include "sb.fullname" .root) .component -}}
{{- end -}}

{{- define "sb.selectorLabels" -}}
app.kubernetes.io/name: switchboard
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sb.labels" -}}
{{ include "sb.selectorLabels" . }}
app.kubernetes.io/part-of: switchboard
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* An image of the chart: <registry>/<repository>/<component>:<tag>. */}}
{{- define "sb.image" -}}
{{- $i := .root.Values.image -}}
{{- printf "%s/%s/%s:%s" $i.registry $i.repository .component (default .root.Chart.AppVersion $i.tag) -}}
{{- end -}}

{{- define "sb.masterKeySecret" -}}
{{- default (printf "%s-master-key" (include "sb.fullname" .)) .Values.masterKey.existingSecret -}}
{{- end -}}

{{/* The Secret and key holding the database URL. */}}
{{- define "sb.databaseSecret" -}}
{{- if .Values.postgres.inChart.enabled -}}
{{- printf "%s-postgres" (include "sb.fullname" .) -}}
{{- else -}}
{{- required "postgres.existingSecret is required (or enable postgres.inChart for a trial)" .Values.postgres.existingSecret -}}
{{- end -}}
{{- end -}}
{{- define "sb.databaseSecretKey" -}}
{{- if .Values.postgres.inChart.enabled -}}url{{- else -}}{{ .Values.postgres.existingSecretKey }}{{- end -}}
{{- end -}}

{{- define "sb.natsUrl" -}}
{{- if .Values.nats.inChart.enabled -}}
{{- printf "nats://%s-nats:4222" (include "sb.fullname" .) -}}
{{- else -}}
{{- required "nats.url is required (or enable nats.inChart for a trial)" .Values.nats.url -}}
{{- end -}}
{{- end -}}

{{/* In-cluster addresses of the platform's own services. */}}
{{- define "sb.adminGrpc" -}}{{ include "sb.name" (dict "root" . "component" "chat-api") }}:50051{{- end -}}
{{- define "sb.secretsGrpc" -}}{{ include "sb.name" (dict "root" . "component" "secrets") }}:50052{{- end -}}
{{- define "sb.chatApiUrl" -}}http://{{ include "sb.name" (dict "root" . "component" "chat-api") }}.{{ .Release.Namespace }}.svc:8081{{- end -}}

{{/* Environment every service reads. */}}
{{- define "sb.commonEnv" -}}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- with .Values.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "sb.natsEnv" -}}
- name: NATS_URL
  value: {{ include "sb.natsUrl" . | quote }}
- name: NATS_PREFIX
  value: {{ .Values.nats.prefix | quote }}
{{- end -}}

{{/* One identity's token as `env`: from tokens.existingSecret (key `.key`), else its own generated Secret. */}}
{{- define "sb.token" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      {{- if .root.Values.tokens.existingSecret }}
      name: {{ .root.Values.tokens.existingSecret }}
      key: {{ .key }}
      {{- else }}
      name: {{ printf "%s-%s" (include "sb.fullname" .root) .key }}
      key: token
      {{- end }}
{{- end -}}

{{- define "sb.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "sb.databaseSecret" . }}
      key: {{ include "sb.databaseSecretKey" . }}
- name: DATABASE_POOL_MAX
  value: {{ .Values.postgres.poolMax | quote }}
{{- end -}}

{{/* Restricted pod security (Pod Security Standards, "restricted"), for every workload. */}}
{{- define "sb.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid | default 65532 }}
runAsGroup: {{ .uid | default 65532 }}
fsGroup: {{ .uid | default 65532 }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "sb.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Probes on /healthz and /readyz of a named port. */}}
{{- define "sb.probes" -}}
startupProbe:
  httpGet: { path: /healthz, port: {{ . }} }
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet: { path: /healthz, port: {{ . }} }
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet: { path: /readyz, port: {{ . }} }
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 2
{{- end -}}

{{/* Scheduling and pull secrets of a component's pods. */}}
{{- define "sb.podScheduling" -}}
{{- with .root.Values.imagePullSecrets }}
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
{{- if .values.affinity }}
affinity:
  {{- toYaml .values.affinity | nindent 2 }}
{{- else }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "sb.selectorLabels" . | nindent 14 }}
{{- end }}
{{- end -}}

{{/* A writable /tmp (the root filesystem is read-only; sandboxes and temporary files go there). */}}
{{- define "sb.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}
{{- define "sb.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* A PodDisruptionBudget for a component. */}}
{{- define "sb.pdb" -}}
{{- if .values.pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "sb.name" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "sb.labels" . | nindent 4 }}
spec:
  {{- if hasKey .values.pdb "maxUnavailable" }}
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ .values.pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "sb.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A HorizontalPodAutoscaler on CPU for a component. */}}
{{- define "sb.hpa" -}}
{{- if .values.autoscaling.enabled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "sb.name" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "sb.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "sb.name" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}

{{/* A ServiceAccount for a component; only the operator and the dispatcher get an API token mounted. */}}
{{- define "sb.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "sb.name" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "sb.labels" . | nindent 4 }}
automountServiceAccountToken: false
{{- end -}}
