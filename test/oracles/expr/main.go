// The expr-lang oracle: evaluates conditions exactly as Argo Rollouts v1.10.1 does
// (utils/evaluate/evaluate.go, EvalCondition: the same env, the same expr.Compile options,
// the same mapping of errors and non-bool results), with github.com/expr-lang/expr v1.17.7.
//
// Input, one JSON object per line on stdin:
//
//	{"expression": "result > 0.9", "result": <any JSON>, "vector": false}
//
// `result` is decoded by encoding/json into `any`, as the web provider does; with
// "vector": true a JSON array of numbers is passed as []float64, as the Prometheus provider
// passes a vector. An optional "env" object adds more variables beside `result` (each decoded
// the same way), for tables written for expr-lang in general. Output, one JSON object per line, in input order:
//
//	{"phase": "Successful" | "Failed" | "Error", "error": "...", "value": <typed value>}
//
// `value` is what the expression evaluated to, typed so ints, floats, times and durations
// stay apart: {"int":"3"}, {"float":0.5} or {"float":"NaN"}, {"map":{...}}, {"time":"..."},
// {"duration":"..."}; strings, bools, null and arrays as JSON.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
)

type input struct {
	Expression string                     `json:"expression"`
	Result     json.RawMessage            `json:"result"`
	Vector     bool                       `json:"vector"`
	Env        map[string]json.RawMessage `json:"env"`
}

type output struct {
	Phase string `json:"phase"`
	Error string `json:"error,omitempty"`
	Value any    `json:"value"`
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

func decodeResult(in input) any {
	var result any
	if len(in.Result) > 0 {
		if err := json.Unmarshal(in.Result, &result); err != nil {
			fmt.Fprintf(os.Stderr, "bad result: %v\n", err)
			os.Exit(2)
		}
	}
	if in.Vector {
		if list, ok := result.([]any); ok {
			floats := make([]float64, 0, len(list))
			for _, item := range list {
				number, isNumber := item.(float64)
				if !isNumber {
					fmt.Fprintf(os.Stderr, "a vector holds numbers only\n")
					os.Exit(2)
				}
				floats = append(floats, number)
			}
			return floats
		}
	}
	return result
}

func evaluate(in input) (out output) {
	extra := map[string]any{}
	for name, raw := range in.Env {
		var value any
		if err := json.Unmarshal(raw, &value); err != nil {
			fmt.Fprintf(os.Stderr, "bad env value %s: %v\n", name, err)
			os.Exit(2)
		}
		extra[name] = value
	}
	value, err := evalCondition(decodeResult(in), in.Expression, extra)
	out.Value = canonical(value, 0)
	if err != nil {
		return output{Phase: "Error", Error: err.Error(), Value: out.Value}
	}
	if verdict, ok := value.(bool); ok {
		if verdict {
			out.Phase = "Successful"
		} else {
			out.Phase = "Failed"
		}
		return out
	}
	out.Phase = "Error"
	out.Error = fmt.Sprintf("expected bool, but got %T", value)
	return out
}

// evalCondition is Argo's EvalCondition, returning the raw value instead of the bool, with
// `extra` variables added to the env.
func evalCondition(resultValue any, condition string, extra map[string]any) (any, error) {
	var err error

	env := map[string]any{
		"result":  valueFromPointer(resultValue),
		"asInt":   asInt,
		"asFloat": asFloat,
		"isNaN":   math.IsNaN,
		"isInf":   isInf,
		"isNil":   isNilFunc(resultValue),
		"default": defaultFunc(resultValue),
	}
	for name, value := range extra {
		env[name] = value
	}

	unwrapFileErr := func(e error) error {
		if fileErr, ok := err.(*file.Error); ok {
			e = errors.New(fileErr.Message)
		}
		return e
	}

	program, err := expr.Compile(condition, expr.Env(env))
	if err != nil {
		return nil, unwrapFileErr(err)
	}

	output, err := expr.Run(program, env)
	if err != nil {
		return nil, unwrapFileErr(err)
	}
	return output, nil
}

func isInf(f float64) bool {
	return math.IsInf(f, 0)
}

func asInt(in any) int64 {
	switch i := in.(type) {
	case float64:
		return int64(i)
	case float32:
		return int64(i)
	case int64:
		return i
	case int32:
		return int64(i)
	case int16:
		return int64(i)
	case int8:
		return int64(i)
	case int:
		return int64(i)
	case uint64:
		return int64(i)
	case uint32:
		return int64(i)
	case uint16:
		return int64(i)
	case uint8:
		return int64(i)
	case uint:
		return int64(i)
	case string:
		inAsInt, err := strconv.ParseInt(i, 10, 64)
		if err == nil {
			return inAsInt
		}
		panic(err)
	}
	panic(fmt.Sprintf("asInt() not supported on %v %v", reflect.TypeOf(in), in))
}

func asFloat(in any) float64 {
	switch i := in.(type) {
	case float64:
		return i
	case float32:
		return float64(i)
	case int64:
		return float64(i)
	case int32:
		return float64(i)
	case int16:
		return float64(i)
	case int8:
		return float64(i)
	case int:
		return float64(i)
	case uint64:
		return float64(i)
	case uint32:
		return float64(i)
	case uint16:
		return float64(i)
	case uint8:
		return float64(i)
	case uint:
		return float64(i)
	case string:
		inAsFloat, err := strconv.ParseFloat(i, 64)
		if err == nil {
			return inAsFloat
		}
		panic(err)
	}
	panic(fmt.Sprintf("asFloat() not supported on %v %v", reflect.TypeOf(in), in))
}

func defaultFunc(resultValue any) func(any, any) any {
	return func(_ any, defaultValue any) any {
		if isNil(resultValue) {
			return defaultValue
		}
		return valueFromPointer(resultValue)
	}
}

func isNilFunc(resultValue any) func(any) bool {
	return func(_ any) bool {
		return isNil(resultValue)
	}
}

func isNil(in any) (out bool) {
	if in == nil {
		out = true
		return
	}
	switch reflect.TypeOf(in).Kind() {
	case reflect.Ptr, reflect.Map, reflect.Array, reflect.Chan, reflect.Slice:
		out = reflect.ValueOf(in).IsNil()
	}
	return
}

func valueFromPointer(in any) (out any) {
	if isNil(in) {
		return
	}
	if reflect.TypeOf(in).Kind() != reflect.Ptr {
		out = in
		return
	}
	out = reflect.ValueOf(in).Elem().Interface()
	return
}

// canonical renders a value with its Go type kept: see the package comment.
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
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return []any{}
		}
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
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return canonical(rv.Elem().Interface(), depth+1)
	}
	return map[string]any{"other": fmt.Sprintf("%T", value)}
}
