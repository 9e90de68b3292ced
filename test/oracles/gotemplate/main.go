// The text/template oracle: what Go's text/template, with the functions the notifications engine
// gives Argo Rollouts' templates (Sprig's TxtFuncMap without env and expandenv), makes of a
// template and its data (decoded from JSON into map[string]any, as Argo decodes the Rollout).
// One case a line on stdin, {"template": "...", "data": {...}}, one answer a line on stdout:
//
//	{"phase": "parse", "error": "..."}   the template does not parse
//	{"phase": "exec", "error": "..."}    it fails while it runs
//	{"output": "..."}                    what it writes
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

type input struct {
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
}

type output struct {
	Phase  string  `json:"phase,omitempty"`
	Error  string  `json:"error,omitempty"`
	Output *string `json:"output,omitempty"`
}

func run(in input, funcs template.FuncMap) (out output) {
	defer func() {
		if r := recover(); r != nil {
			out = output{Phase: "exec", Error: fmt.Sprint(r)}
		}
	}()
	var data any
	if err := json.Unmarshal(in.Data, &data); err != nil {
		return output{Phase: "data", Error: err.Error()}
	}
	t, err := template.New("t").Funcs(funcs).Parse(in.Template)
	if err != nil {
		return output{Phase: "parse", Error: err.Error()}
	}
	var buffer bytes.Buffer
	if err := t.Execute(&buffer, data); err != nil {
		return output{Phase: "exec", Error: err.Error()}
	}
	text := buffer.String()
	return output{Output: &text}
}

func main() {
	funcs := sprig.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	encoder.SetEscapeHTML(false)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintf(os.Stderr, "bad input line: %v\n", err)
			os.Exit(2)
		}
		if err := encoder.Encode(run(in, funcs)); err != nil {
			fmt.Fprintf(os.Stderr, "write: %v\n", err)
			os.Exit(2)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "read: %v\n", err)
		os.Exit(2)
	}
}
