package hotspots

import (
	"encoding/json"
	"sort"
	"strconv"
)

// ConfigJSON is the embedded service configuration the workload indexes.
const ConfigJSON = `{
  "service": {
    "name": "orders-api",
    "version": "2.14.3",
    "environment": "production",
    "region": "eu-west-1",
    "proxy": null,
    "owners": ["team-orders", "team-platform"],
    "listen": {"address": "0.0.0.0", "port": 8443, "tls": true, "timeout": {"read": 5000, "write": 10000, "idle": 120000}}
  },
  "database": {
    "primary": {"host": "db-primary.internal", "port": 5432, "name": "orders", "user": "orders_rw", "pool": {"min": 4, "max": 64, "idle": 16}, "timeout": {"connect": 2000, "statement": 30000}},
    "replicas": [
      {"host": "db-replica-1.internal", "port": 5432, "weight": 50, "timeout": {"connect": 2000, "statement": 15000}},
      {"host": "db-replica-2.internal", "port": 5432, "weight": 30, "timeout": {"connect": 2000, "statement": 15000}},
      {"host": "db-replica-3.internal", "port": 5432, "weight": 20, "timeout": {"connect": 3000, "statement": 15000}}
    ],
    "migrations": {"dir": "/srv/migrations", "table": "schema_migrations", "lock": true}
  },
  "cache": {
    "enabled": true,
    "backend": "redis",
    "password": null,
    "nodes": ["cache-1.internal:6379", "cache-2.internal:6379", "cache-3.internal:6379", "cache-4.internal:6379"],
    "ttl": {"default": 300, "orders": 60, "customers": 900, "catalog": 3600},
    "timeout": {"dial": 500, "read": 200, "write": 200}
  },
  "queues": [
    {"name": "order-created", "partitions": 12, "retention": 604800, "consumers": {"group": "billing", "instances": 4, "batch": 128}},
    {"name": "order-paid", "partitions": 12, "retention": 604800, "consumers": {"group": "fulfilment", "instances": 6, "batch": 64}},
    {"name": "order-shipped", "partitions": 6, "retention": 259200, "consumers": {"group": "notifications", "instances": 2, "batch": 256}},
    {"name": "order-refunded", "partitions": 3, "retention": 2592000, "consumers": {"group": "accounting", "instances": 1, "batch": 32}}
  ],
  "upstreams": {
    "payments": {"url": "https://payments.internal/v3", "retries": 3, "backoff": {"initial": 100, "max": 5000, "multiplier": 2}, "timeout": {"connect": 1000, "request": 8000}},
    "inventory": {"url": "https://inventory.internal/v1", "retries": 2, "backoff": {"initial": 50, "max": 2000, "multiplier": 2}, "timeout": {"connect": 500, "request": 3000}},
    "shipping": {"url": "https://shipping.internal/v2", "retries": 5, "backoff": {"initial": 200, "max": 10000, "multiplier": 3}, "timeout": {"connect": 1000, "request": 15000}},
    "customers": {"url": "https://customers.internal/v1", "retries": 2, "backoff": {"initial": 50, "max": 1000, "multiplier": 2}, "timeout": {"connect": 500, "request": 2000}}
  },
  "features": {
    "new-checkout": {"enabled": true, "rollout": 25, "segments": ["beta", "staff"]},
    "split-payments": {"enabled": false, "rollout": 0, "segments": []},
    "express-shipping": {"enabled": true, "rollout": 100, "segments": ["all"]},
    "gift-cards": {"enabled": true, "rollout": 50, "segments": ["eu", "uk", "staff"]},
    "loyalty-points": {"enabled": false, "rollout": 5, "segments": ["staff"]}
  },
  "limits": {
    "requests": {"per-second": 2500, "burst": 5000},
    "orders": {"max-items": 200, "max-value": 250000, "max-open": 20},
    "uploads": {"max-bytes": 10485760, "allowed": ["image/png", "image/jpeg", "application/pdf"]}
  },
  "logging": {
    "level": "info",
    "format": "json",
    "sampling": {"initial": 100, "thereafter": 10},
    "outputs": [
      {"type": "stdout", "level": "info"},
      {"type": "file", "path": "/var/log/orders/app.log", "rotate": {"max-size": 104857600, "max-files": 10}},
      {"type": "syslog", "address": "logs.internal:514", "level": "warn", "timeout": {"write": 1000}}
    ]
  },
  "metrics": {
    "enabled": true,
    "address": "0.0.0.0:9090",
    "path": "/metrics",
    "histograms": {"latency": [5, 10, 25, 50, 100, 250, 500, 1000, 2500], "size": [256, 1024, 4096, 16384, 65536]},
    "labels": {"service": "orders-api", "team": "orders", "tier": "1"}
  },
  "tracing": {"enabled": true, "sampler": {"type": "ratio", "ratio": 0.05}, "exporter": {"endpoint": "otel.internal:4317", "timeout": {"export": 10000}}}
}`

// configBytes is ConfigJSON as bytes, converted once at package init.
var configBytes = []byte(ConfigJSON)

// ConfigBytes returns the embedded configuration as bytes (shared, do not modify).
func ConfigBytes() []byte { return configBytes }

// DecodeConfig decodes a JSON configuration into a generic tree
// (json-decode: encoding/json allocates every map, slice, string and boxed
// number of the tree).
func DecodeConfig(data []byte) (map[string]interface{}, error) {
	var cfg map[string]interface{}
	if err := json.Unmarshal(data, &cfg); err != nil { // PLANT:json-decode
		return nil, err
	}
	return cfg, nil
}

// Leaf is one flattened configuration value.
type Leaf struct {
	Key   string      // dotted path, e.g. "database.replicas.0.host"
	Value interface{} // string, float64, bool or nil as decoded by encoding/json
}

// Flatten turns a decoded configuration tree into leaves with dotted keys,
// sorted by key. Keys are built with JoinKey.
func Flatten(cfg map[string]interface{}) []Leaf {
	out := make([]Leaf, 0, countLeaves(cfg))
	var pathBuf [16]string
	out = flattenInto(out, pathBuf[:0], cfg)
	sort.Sort(leavesByKey(out))
	return out
}

func countLeaves(v interface{}) int {
	switch t := v.(type) {
	case map[string]interface{}:
		n := 0
		for _, c := range t {
			n += countLeaves(c)
		}
		return n
	case []interface{}:
		n := 0
		for _, c := range t {
			n += countLeaves(c)
		}
		return n
	default:
		return 1
	}
}

func flattenInto(out []Leaf, path []string, v interface{}) []Leaf {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, c := range t {
			out = flattenInto(out, append(path, k), c)
		}
	case []interface{}:
		for i, c := range t {
			out = flattenInto(out, append(path, strconv.Itoa(i)), c)
		}
	default:
		out = append(out, Leaf{Key: JoinKey(path), Value: v})
	}
	return out
}

type leavesByKey []Leaf

func (s leavesByKey) Len() int           { return len(s) }
func (s leavesByKey) Less(i, j int) bool { return s[i].Key < s[j].Key }
func (s leavesByKey) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
