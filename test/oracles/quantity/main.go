// The quantity oracle: what Kubernetes makes of a resource quantity (k8s.io/apimachinery's
// resource.ParseQuantity) and of a downward API resourceFieldRef over it, as kubelet converts
// one (pkg/api/v1/resource: cpu as ceil(MilliValue / divisor's MilliValue), the others as
// ceil(Value / divisor's Value)). It reads one case a line on stdin,
// {"quantity": "...", "divisor": "...", "cpu": true}, and writes one result a line:
//
//	{"valid": false}                     the quantity does not parse
//	{"valid": true, "value": "250"}      what kubelet gives the variable
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"

	"k8s.io/apimachinery/pkg/api/resource"
)

type input struct {
	Quantity string `json:"quantity"`
	Divisor  string `json:"divisor"`
	CPU      bool   `json:"cpu"`
}

type output struct {
	Valid bool   `json:"valid"`
	Value string `json:"value,omitempty"`
}

func run(in input) output {
	quantity, err := resource.ParseQuantity(in.Quantity)
	if err != nil {
		return output{Valid: false}
	}
	divisor := resource.MustParse(in.Divisor)
	if in.CPU {
		return output{Valid: true, Value: strconv.FormatInt(int64(math.Ceil(float64(quantity.MilliValue())/float64(divisor.MilliValue()))), 10)}
	}
	return output{Valid: true, Value: strconv.FormatInt(int64(math.Ceil(float64(quantity.Value())/float64(divisor.Value()))), 10)}
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1024*1024), 1024*1024)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		line, _ := json.Marshal(run(in))
		writer.Write(append(line, '\n'))
	}
}
