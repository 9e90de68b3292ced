// The YAML oracle: what Kubernetes' YAML reader (sigs.k8s.io/yaml, on go-yaml v2, as kubectl and
// the API server read manifests) makes of a document. It reads one case a line on stdin,
// {"text": "..."}, and writes one result a line:
//
//	{"error": "..."}      the document is refused
//	{"json": "..."}       the document as JSON (sigs.k8s.io/yaml.YAMLToJSON)
//
// The loader's merge-key tests compare sluice's reading of generated documents with these.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"sigs.k8s.io/yaml"
)

type input struct {
	Text string `json:"text"`
}

type output struct {
	Error *string `json:"error,omitempty"`
	JSON  *string `json:"json,omitempty"`
}

func run(in input) (out output) {
	defer func() {
		if r := recover(); r != nil {
			message := "panic"
			out = output{Error: &message}
		}
	}()
	converted, err := yaml.YAMLToJSON([]byte(in.Text))
	if err != nil {
		message := err.Error()
		return output{Error: &message}
	}
	text := string(converted)
	return output{JSON: &text}
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1024*1024), 64*1024*1024)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	encoder.SetEscapeHTML(false)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			message := "bad input line: " + err.Error()
			_ = encoder.Encode(output{Error: &message})
			continue
		}
		_ = encoder.Encode(run(in))
	}
}
