module sluice.test/oracles/regexp

go 1.26
