// A Go program that fetches each URL it is given with net/http's default client, which reads
// http_proxy and no_proxy from the environment, and prints "<status> <body>" per URL, one a line.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

func main() {
	for _, url := range os.Args[1:] {
		response, err := http.Get(url)
		if err != nil {
			fmt.Printf("error %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		body, _ := io.ReadAll(response.Body)
		response.Body.Close()
		fmt.Printf("%d %s\n", response.StatusCode, body)
	}
}
