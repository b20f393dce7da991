package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// k8sUsage is funnel k8s's help.
const k8sUsage = `Usage: funnel k8s run|sweep|sensitivity [ARGS of the command] --shards N --out DIR [flags]

Prints the Kubernetes manifests of a sharded run: an Indexed Job of N
pods, pod I running the shard I/N (JOB_COMPLETION_INDEX) into
DIR.shards/shards/IIII, and a merge Job writing DIR. Kubernetes has no
dependency between Jobs: apply the first, 'kubectl wait --for=condition=complete
job/NAME --timeout=...', then apply the merge Job (docs/cluster.md).

Flags:
      --shards N        completions of the Indexed Job (required)
      --out DIR         the merged folder, a path in the pods' volume (required)
      --image IMAGE     a container image with funnel on its PATH (required)
      --name NAME       the Jobs' name (default funnel-COMMAND; the merge Job adds -merge)
      --parallelism P   pods at a time (default: N)
      --claim CLAIM     the PersistentVolumeClaim mounted at --mount (default funnel-data)
      --mount PATH      where the claim is mounted in the pods (default /data)
      --cpu C           each pod's CPU request and its workers (default 1)
      --only shards|merge  print only that Job (to apply the merge after the shards)
`

// k8sCmd is funnel k8s ... --shards N: it prints the manifests, runs
// nothing.
func k8sCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdout, k8sUsage)
		return nil
	}
	command := args[0]
	if command != "run" && command != "sweep" && command != "sensitivity" {
		return usageErr("k8s: expected run, sweep or sensitivity as the command to shard, got %q (see 'funnel help k8s')", command)
	}
	flags := map[string]string{"name": "funnel-" + command, "claim": "funnel-data", "mount": "/data", "cpu": "1"}
	var rest []string
	for i := 1; i < len(args); i++ {
		name, val, has := strings.Cut(strings.TrimPrefix(args[i], "--"), "=")
		switch name {
		case "shards", "out", "image", "name", "parallelism", "claim", "mount", "cpu", "only":
			if !strings.HasPrefix(args[i], "--") {
				break
			}
			if !has {
				if i+1 >= len(args) {
					return usageErr("k8s: --%s needs a value", name)
				}
				i++
				val = args[i]
			}
			flags[name] = val
			continue
		case "shard", "replications", "resume":
			if strings.HasPrefix(args[i], "--") {
				return usageErr("k8s: %s: funnel k8s makes the shards itself (--shards N)", args[i])
			}
		}
		rest = append(rest, args[i])
	}
	n, err := strconv.Atoi(flags["shards"])
	if err != nil || n < 1 {
		return usageErr("k8s: --shards %q: expected an integer of 1 or more (required)", flags["shards"])
	}
	par := n
	if v, ok := flags["parallelism"]; ok {
		if par, err = strconv.Atoi(v); err != nil || par < 1 {
			return usageErr("k8s: --parallelism %q: expected an integer of 1 or more", v)
		}
	}
	cpu, err := strconv.Atoi(flags["cpu"])
	if err != nil || cpu < 1 {
		return usageErr("k8s: --cpu %q: expected an integer of 1 or more", flags["cpu"])
	}
	switch {
	case flags["out"] == "" || !filepath.IsAbs(flags["out"]):
		return usageErr("k8s: --out DIR is required: an absolute path in the pods' volume (under --mount %s)", flags["mount"])
	case flags["image"] == "":
		return usageErr("k8s: --image IMAGE is required: a container image with funnel on its PATH")
	}
	if o := flags["only"]; o != "" && o != "shards" && o != "merge" {
		return usageErr("k8s: --only %q: expected shards or merge", o)
	}
	out := flags["out"]
	work := out + ".shards"
	var cmd []string
	for _, a := range append([]string{"funnel", command}, rest...) {
		cmd = append(cmd, shellQuote(a))
	}
	shardSh := fmt.Sprintf(`i=$JOB_COMPLETION_INDEX; dir=%s/$(printf %%04d "$i"); rm -rf "$dir"; exec %s --shard "$i/%d" --workers %d --out "$dir" --quiet`,
		shellQuote(filepath.Join(work, "shards")), strings.Join(cmd, " "), n, cpu)
	mergeSh := fmt.Sprintf("exec funnel merge --quiet --workers %d %s", cpu, shellQuote(out))
	for i := range n {
		mergeSh += " " + shellQuote(filepath.Join(work, "shards", fmt.Sprintf("%04d", i)))
	}
	job := func(name, sh string, indexed bool) string {
		var b strings.Builder
		fmt.Fprintf(&b, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: %s\n  labels:\n    app.kubernetes.io/name: funnel\nspec:\n", name)
		if indexed {
			fmt.Fprintf(&b, "  completionMode: Indexed\n  completions: %d\n  parallelism: %d\n  backoffLimitPerIndex: 2\n  maxFailedIndexes: %d\n", n, par, n)
		} else {
			fmt.Fprintf(&b, "  backoffLimit: 2\n")
		}
		fmt.Fprintf(&b, "  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: funnel\n        image: %s\n", yamlString(flags["image"]))
		fmt.Fprintf(&b, "        command: [\"/bin/sh\", \"-c\", %s]\n", yamlString(sh))
		fmt.Fprintf(&b, "        resources:\n          requests:\n            cpu: %q\n", strconv.Itoa(cpu))
		fmt.Fprintf(&b, "        volumeMounts:\n        - name: data\n          mountPath: %s\n", yamlString(flags["mount"]))
		fmt.Fprintf(&b, "      volumes:\n      - name: data\n        persistentVolumeClaim:\n          claimName: %s\n", yamlString(flags["claim"]))
		return b.String()
	}
	fmt.Fprintf(stdout, "# Written by funnel k8s %s (docs/cluster.md): apply the shards' Job, wait for it, then the merge Job.\n", command)
	switch flags["only"] {
	case "shards":
		fmt.Fprint(stdout, job(flags["name"], shardSh, true))
	case "merge":
		fmt.Fprint(stdout, job(flags["name"]+"-merge", mergeSh, false))
	default:
		fmt.Fprint(stdout, job(flags["name"], shardSh, true))
		fmt.Fprint(stdout, "---\n")
		fmt.Fprint(stdout, job(flags["name"]+"-merge", mergeSh, false))
	}
	return nil
}

// yamlString is s as a double-quoted YAML (and JSON) string.
func yamlString(s string) string { return strconv.Quote(s) }
