// The notification-condition oracle: evaluates a trigger's `when` exactly as Argo Rollouts
// v1.10.1 does through notifications-engine (pkg/triggers/service.go: expr.Compile of the
// condition, or "false" when it is empty, with no env; expr.Run over the variables that
// utils/record/record.go gives: `rollout` and `time`, whose Parse is time.Parse(time.RFC3339, ...)
// panicking on bad input and whose Now is the clock), with github.com/expr-lang/expr v1.17.7.
// The clock is fixed per case so results can be compared; its time is in the local zone (the
// TZ this program runs with), as time.Now() is.
//
// Input, one JSON object per line on stdin:
//
//	{"when": "time.Now().Sub(time.Parse(rollout.status.at)).Minutes() > 5", "rollout": {...}, "now": "<RFC 3339>"}
//
// Output, one JSON object per line, in input order:
//
//	{"compileError": "..."} | {"error": "..."} | {"value": <typed value>}
//
// `value` is typed as the expr oracle types it: {"int":"3"}, {"float":0.5}, {"time":"..."},
// {"duration":"<nanoseconds>"}; strings, bools, null and arrays as JSON.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"time"

	"github.com/expr-lang/expr"
)

type input struct {
	When    string          `json:"when"`
	Rollout json.RawMessage `json:"rollout"`
	Now     string          `json:"now"`
}

type output struct {
	CompileError string `json:"compileError,omitempty"`
	Error        string `json:"error,omitempty"`
	Value        any    `json:"value,omitempty"`
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
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
		if err := encoder.Encode(evaluate(in)); err != nil {
			fmt.Fprintf(os.Stderr, "cannot encode: %v\n", err)
			os.Exit(2)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "reading stdin: %v\n", err)
		os.Exit(2)
	}
}

func evaluate(in input) output {
	var rollout map[string]any
	if len(in.Rollout) > 0 {
		if err := json.Unmarshal(in.Rollout, &rollout); err != nil {
			fmt.Fprintf(os.Stderr, "bad rollout: %v\n", err)
			os.Exit(2)
		}
	}
	now, err := time.Parse(time.RFC3339Nano, in.Now)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bad now: %v\n", err)
		os.Exit(2)
	}
	when := in.When
	if when == "" {
		when = "false"
	}
	program, err := expr.Compile(when)
	if err != nil {
		return output{CompileError: err.Error()}
	}
	vars := map[string]any{
		"rollout": rollout,
		"time": map[string]any{
			"Parse": parse,
			// time.Now() is in the process's local zone (TZ), as in the controller.
			"Now": func() time.Time { return now.Local() },
		},
	}
	value, err := expr.Run(program, vars)
	if err != nil {
		return output{Error: err.Error()}
	}
	if value == nil {
		return output{Value: map[string]any{"nil": true}}
	}
	return output{Value: canonical(value, 0)}
}

func parse(timestamp string) time.Time {
	res, err := time.Parse(time.RFC3339, timestamp)
	if err != nil {
		panic(err)
	}
	return res
}

// canonical renders a value with its Go type kept (as the expr oracle does).
func canonical(value any, depth int) any {
	if depth > 64 {
		return map[string]any{"other": "too deep"}
	}
	if value == nil {
		return nil
	}
	switch v := value.(type) {
	case time.Time:
		return map[string]any{"time": v.UTC().Format(time.RFC3339Nano)}
	case time.Duration:
		return map[string]any{"duration": strconv.FormatInt(int64(v), 10)}
	}
	rv := reflect.ValueOf(value)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"int": strconv.FormatInt(rv.Int(), 10)}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"int": strconv.FormatUint(rv.Uint(), 10)}
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		switch {
		case math.IsNaN(f):
			return map[string]any{"float": "NaN"}
		case math.IsInf(f, 1):
			return map[string]any{"float": "+Inf"}
		case math.IsInf(f, -1):
			return map[string]any{"float": "-Inf"}
		}
		return map[string]any{"float": f}
	case reflect.String:
		return rv.String()
	case reflect.Slice, reflect.Array:
		items := make([]any, rv.Len())
		for i := range items {
			items[i] = canonical(rv.Index(i).Interface(), depth+1)
		}
		return items
	case reflect.Map:
		entries := map[string]any{}
		iter := rv.MapRange()
		for iter.Next() {
			entries[fmt.Sprint(iter.Key().Interface())] = canonical(iter.Value().Interface(), depth+1)
		}
		return map[string]any{"map": entries}
	}
	return map[string]any{"other": fmt.Sprintf("%T", value)}
}
