module sluice.test/proxyclient

go 1.22
