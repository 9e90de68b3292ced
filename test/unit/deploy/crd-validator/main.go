// crd-validator checks objects against a CustomResourceDefinition's schema with the API server's
// own code (k8s.io/apiextensions-apiserver), in the order it applies it on create: the pruning
// that drops (or, with kubectl's strict field validation, refuses) fields the schema does not
// declare, the dropping of nulls and the defaults, then the schema validation. CEL rules are left out: the only one in these CRDs is a transition
// rule, checked on update.
//
// Input on stdin: {"schema": <openAPIV3Schema>, "objects": [<object>, ...]}.
// Output on stdout: {"results": [{"invalid": ["path: message", ...], "unknown": ["path", ...]}, ...]}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

type input struct {
	Schema  json.RawMessage   `json:"schema"`
	Objects []json.RawMessage `json:"objects"`
}

type result struct {
	Invalid []string `json:"invalid"`
	Unknown []string `json:"unknown"`
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "crd-validator:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	var request input
	if err := json.NewDecoder(in).Decode(&request); err != nil {
		return fmt.Errorf("reading the request: %w", err)
	}
	var external apiextensionsv1.JSONSchemaProps
	if err := json.Unmarshal(request.Schema, &external); err != nil {
		return fmt.Errorf("reading the schema: %w", err)
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(&external, &internal, nil); err != nil {
		return fmt.Errorf("converting the schema: %w", err)
	}
	structural, err := structuralschema.NewStructural(&internal)
	if err != nil {
		return fmt.Errorf("the schema is not structural: %w", err)
	}
	validator, _, err := validation.NewSchemaValidator(&internal)
	if err != nil {
		return fmt.Errorf("building the validator: %w", err)
	}
	results := make([]result, 0, len(request.Objects))
	for _, raw := range request.Objects {
		// As the API server decodes a request body: whole numbers become int64.
		var object map[string]interface{}
		if err := utiljson.Unmarshal(raw, &object); err != nil {
			return fmt.Errorf("reading an object: %w", err)
		}
		r := result{Invalid: []string{}, Unknown: []string{}}
		r.Unknown = append(r.Unknown, pruning.PruneWithOptions(object, structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
		// As the API server decodes a custom resource: nulls of non-nullable fields without a
		// default are dropped, then defaults are filled in, before validation.
		structuraldefaulting.PruneNonNullableNullsWithoutDefaults(object, structural)
		structuraldefaulting.Default(object, structural)
		for _, problem := range validation.ValidateCustomResource(nil, object, validator) {
			r.Invalid = append(r.Invalid, problem.Error())
		}
		results = append(results, r)
	}
	return json.NewEncoder(out).Encode(map[string]interface{}{"results": results})
}
