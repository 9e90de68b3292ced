{{/*
The objects of deploy/, read from the chart's files/ (links into deploy/), as YAML documents.
"sluice.documents" parses a multi-document file into a list of objects.
*/}}
{{- define "sluice.documents" -}}
{{- $objects := list -}}
{{- range $text := regexSplit "(?m)^---[ \t]*$" (.ctx.Files.Get .file) -1 -}}
{{- $object := fromYaml $text -}}
{{- if and $object $object.kind -}}{{- $objects = append $objects $object -}}{{- end -}}
{{- end -}}
{{- toJson $objects -}}
{{- end -}}

{{/*
Renders one object of deploy/ for this release: namespaced kinds in the release namespace,
ServiceAccount subjects in it (as kustomize's namespace does), Helm's labels added.
*/}}
{{- define "sluice.render" -}}
{{- $object := .object -}}
{{- $ctx := .ctx -}}
{{- $meta := $object.metadata -}}
{{- if not (has $object.kind (list "ClusterRole" "ClusterRoleBinding" "Namespace" "CustomResourceDefinition")) -}}
{{- $_ := set $meta "namespace" $ctx.Release.Namespace -}}
{{- end -}}
{{- range $subject := ($object.subjects | default list) -}}
{{- if eq $subject.kind "ServiceAccount" -}}{{- $_ := set $subject "namespace" $ctx.Release.Namespace -}}{{- end -}}
{{- end -}}
{{- $labels := $meta.labels | default dict -}}
{{- $_ := set $labels "app.kubernetes.io/instance" $ctx.Release.Name -}}
{{- $_ := set $labels "app.kubernetes.io/managed-by" $ctx.Release.Service -}}
{{- $_ := set $labels "helm.sh/chart" (printf "%s-%s" $ctx.Chart.Name ($ctx.Chart.Version | replace "+" "_")) -}}
{{- $_ := set $meta "labels" $labels }}
---
{{ toYaml $object }}
{{- end -}}
