// A small web application for the container tests, built as a static binary into a FROM scratch
// image: it answers every request with its VERSION and hostname, serves /healthz, /env?name=VAR
// /file?path=PATH (with the file's mode in x-mode) and /call?url=URL (a GET it makes), and on SIGTERM
// stops accepting, finishes what is in flight and exits 0 (with IGNORE_TERM=1 it ignores SIGTERM,
// for the grace-period tests). `webapp probe URL` exits 0 when URL answers 200 (an exec probe:
// the image has no shell).
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "probe" {
		response, err := http.Get(os.Args[2])
		if err != nil || response.StatusCode != 200 {
			fmt.Fprintln(os.Stderr, "probe failed:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	version := os.Getenv("VERSION")
	listen := os.Getenv("LISTEN")
	if listen == "" {
		listen = ":8080"
	}
	host, _ := os.Hostname()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	// What the container sees of its environment and its mounted files (ConfigMaps, Secrets).
	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, os.Getenv(r.URL.Query().Get("name"))) })
	// A call the container makes (through $HTTP_PROXY when set, as Go's default client does).
	mux.HandleFunc("/call", func(w http.ResponseWriter, r *http.Request) {
		response, err := http.Get(r.URL.Query().Get("url"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer response.Body.Close()
		body, _ := io.ReadAll(response.Body)
		fmt.Fprintf(w, "%d %s", response.StatusCode, body)
	})
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("path")
		content, err := os.ReadFile(name)
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		info, _ := os.Stat(name)
		w.Header().Set("x-mode", fmt.Sprintf("%o", info.Mode().Perm()))
		w.Write(content)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-version", version)
		w.Header().Set("x-host", host)
		fmt.Fprintf(w, "%s %s %s\n", version, host, r.URL.Path)
	})
	server := &http.Server{Addr: listen, Handler: mux}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	if os.Getenv("IGNORE_TERM") == "1" {
		signal.Ignore(syscall.SIGTERM)
	}
	go func() {
		<-stop
		fmt.Fprintln(os.Stderr, "webapp: SIGTERM, draining")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		server.Shutdown(ctx)
	}()
	fmt.Printf("webapp %s listening on %s\n", version, listen)
	if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("webapp: stopped")
}
