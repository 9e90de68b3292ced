package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// embeddedEtcdSettings is what the API server's process needs to know to run etcd.
type embeddedEtcdSettings struct {
	dir        string
	clientPort int
	peerPort   int
}

func (s embeddedEtcdSettings) clientURL() string {
	return "http://127.0.0.1:" + strconv.Itoa(s.clientPort)
}

func (s embeddedEtcdSettings) peerURL() string {
	return "http://127.0.0.1:" + strconv.Itoa(s.peerPort)
}

// parseEmbeddedEtcdFlags reads --embedded-etcd-NAME=VALUE flags (the "=" form only).
func parseEmbeddedEtcdFlags(flags []string) (embeddedEtcdSettings, error) {
	var s embeddedEtcdSettings
	for _, flag := range flags {
		name, value, ok := strings.Cut(strings.TrimPrefix(flag, etcdFlagPrefix), "=")
		if !ok || value == "" {
			return s, fmt.Errorf("flag %s needs a value, as %s%s=VALUE", flag, etcdFlagPrefix, name)
		}
		var err error
		switch name {
		case "dir":
			s.dir = value
		case "client-port":
			s.clientPort, err = parsePort(value)
		case "peer-port":
			s.peerPort, err = parsePort(value)
		default:
			return s, fmt.Errorf("unknown flag %s (known: dir, client-port, peer-port)", flag)
		}
		if err != nil {
			return s, fmt.Errorf("flag %s: %w", flag, err)
		}
	}
	if s.dir == "" || s.clientPort == 0 || s.peerPort == 0 {
		return s, fmt.Errorf("%sdir, %sclient-port and %speer-port are all required", etcdFlagPrefix, etcdFlagPrefix, etcdFlagPrefix)
	}
	return s, nil
}

func parsePort(value string) (int, error) {
	port, err := strconv.Atoi(value)
	if err != nil || port <= 0 || port > 65535 {
		return 0, fmt.Errorf("%q is not a port number", value)
	}
	return port, nil
}

// startEmbeddedEtcd starts a single-member etcd on loopback and waits until it serves.
// It trades durability for speed (no fsync): its data lives only as long as a test.
func startEmbeddedEtcd(s embeddedEtcdSettings) (*embed.Etcd, error) {
	clientURL, err := url.Parse(s.clientURL())
	if err != nil {
		return nil, err
	}
	peerURL, err := url.Parse(s.peerURL())
	if err != nil {
		return nil, err
	}
	cfg := embed.NewConfig()
	cfg.Name = "controlplane"
	cfg.Dir = s.dir
	cfg.ListenClientUrls = []url.URL{*clientURL}
	cfg.AdvertiseClientUrls = []url.URL{*clientURL}
	cfg.ListenPeerUrls = []url.URL{*peerURL}
	cfg.AdvertisePeerUrls = []url.URL{*peerURL}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.ListenMetricsUrls = nil
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{"stderr"}
	cfg.UnsafeNoFsync = true
	cfg.AutoCompactionMode = "periodic"
	cfg.AutoCompactionRetention = "5m"
	cfg.QuotaBackendBytes = 2 << 30

	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, err
	}
	select {
	case <-etcd.Server.ReadyNotify():
		return etcd, nil
	case err := <-etcd.Err():
		etcd.Close()
		return nil, err
	case <-time.After(60 * time.Second):
		etcd.Close()
		return nil, fmt.Errorf("not ready after 60s")
	}
}
