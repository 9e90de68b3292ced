module sluice.test/oracles/jsonpath

go 1.26

require k8s.io/client-go v0.34.5
