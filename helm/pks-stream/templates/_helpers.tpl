{{/* Chart name, overridable. */}}
{{- define "pks-stream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources. Truncated to 63 characters because some Kubernetes name fields are
limited to that (DNS-1123 labels).
*/}}
{{- define "pks-stream.fullname" -}}
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

{{- define "pks-stream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pks-stream.labels" -}}
helm.sh/chart: {{ include "pks-stream.chart" . }}
{{ include "pks-stream.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that never change over the release's life: a StatefulSet's selector is immutable. */}}
{{- define "pks-stream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pks-stream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pks-stream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pks-stream.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pks-stream.headlessServiceName" -}}
{{- printf "%s-headless" (include "pks-stream.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pks-stream.dbSecretName" -}}
{{- default (printf "%s-db" (include "pks-stream.fullname" .)) .Values.database.passwordSecret.name }}
{{- end }}
