module sluice.test/webapp

go 1.22
