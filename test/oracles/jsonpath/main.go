// The JSONPath oracle: what Argo Rollouts' web metric provider (v1.10.1, with k8s.io/client-go
// v0.34.5's util/jsonpath) makes of a response body and a jsonPath. It reads one case a line on
// stdin, {"path": "{$.a}", "body": "<response body text>"}, and writes one result a line:
//
//	{"error": "..."}                      the measurement is an Error (parse or find)
//	{"value": "...", "result": <JSON>}    the measurement's value and the condition's result
//	{"value": "...", "raw": true}         a body that is not JSON: its text, Successful
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"

	"k8s.io/client-go/util/jsonpath"
)

type input struct {
	Path string `json:"path"`
	Body string `json:"body"`
}

type output struct {
	Error  *string          `json:"error,omitempty"`
	Value  *string          `json:"value,omitempty"`
	Result *json.RawMessage `json:"result,omitempty"`
	Raw    bool             `json:"raw,omitempty"`
	All    []string         `json:"all,omitempty"`
	Varies bool             `json:"varies,omitempty"`
}

// newParser is webmetric.NewWebMetricJsonParser.
func newParser(path string) (*jsonpath.JSONPath, error) {
	parser := jsonpath.New("metrics")
	if path == "" {
		path = "{$}"
	}
	err := parser.Parse(path)
	return parser, err
}

// getValue is webmetric.getValue: the first value of the first non-empty result list.
func getValue(fullResults [][]reflect.Value) (any, string, error) {
	for _, results := range fullResults {
		for _, r := range results {
			val := r.Interface()
			valBytes, err := json.Marshal(val)
			return val, string(valBytes), err
		}
	}
	return nil, "", errors.New("result of web metric produced no value")
}

func run(in input) (out output) {
	defer func() {
		if recovered := recover(); recovered != nil {
			message := fmt.Sprintf("panic: %v", recovered)
			out = output{Error: &message}
		}
	}()
	fail := func(err error) output {
		message := err.Error()
		return output{Error: &message}
	}
	parser, err := newParser(in.Path)
	if err != nil {
		return fail(err)
	}
	// webmetric.parseResponse
	var data any
	if err := json.Unmarshal([]byte(in.Body), &data); err != nil {
		body := in.Body
		return output{Value: &body, Raw: true}
	}
	fullResults, err := parser.FindResults(data)
	if err != nil {
		return fail(fmt.Errorf("Could not find JSONPath in body: %s", err))
	}
	val, valString, err := getValue(fullResults)
	if err != nil {
		return fail(err)
	}
	result := json.RawMessage(valString)
	if val == nil {
		result = json.RawMessage("null")
	}
	all := []string{}
	for _, results := range fullResults {
		for _, r := range results {
			text := []byte("null")
			if r.IsValid() {
				text, _ = json.Marshal(r.Interface())
			}
			all = append(all, string(text))
		}
	}
	return output{Value: &valString, Result: &result, All: all}
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintf(os.Stderr, "bad input line: %v\n", err)
			os.Exit(2)
		}
		first := run(in)
		for i := 0; i < 15 && !first.Varies; i++ {
			again := run(in)
			first.Varies = !sameAnswer(first, again)
		}
		if err := encoder.Encode(first); err != nil {
			fmt.Fprintf(os.Stderr, "write: %v\n", err)
			os.Exit(2)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "read: %v\n", err)
		os.Exit(2)
	}
}

func sameAnswer(a, b output) bool {
	if (a.Error == nil) != (b.Error == nil) {
		return false
	}
	if a.Value == nil || b.Value == nil {
		return a.Value == b.Value
	}
	return *a.Value == *b.Value
}
