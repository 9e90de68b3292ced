module sluice.test/oracles/notification-when

go 1.26

require github.com/expr-lang/expr v1.17.7
