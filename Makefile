# Funnel Lab. Every target works on a fresh clone with only Go installed.
GO      ?= go
PKGS    := ./...
BENCH   ?= .
COUNT   ?= 6

.PHONY: build run test bench bench-baseline pgo reproduce lint fmt ci clean

build: ## build bin/funnel
	$(GO) build -o bin/funnel ./cmd/funnel

run: ## run the embedded default scenario
	$(GO) run ./cmd/funnel run

test: ## the test suite (the same command CI runs)
	$(GO) test $(PKGS)

bench: ## engine and model benchmarks, optimised with the binary's profile (compare runs with benchstat), then the whole-process comparison with the hand-written loops
	$(GO) test -pgo=$(CURDIR)/cmd/funnel/default.pgo -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) ./sim/...
	$(GO) run ./sim/funnel/vsbaseline --runs $(COUNT)

bench-baseline: ## the reference funnel, 10 years, one policy, whole process: CPU time of funnel run over the hand-written loops' (heap event loop, the target's baseline; the same with its next arrival apart; Lindley recursion)
	$(GO) run ./sim/funnel/vsbaseline --runs $(COUNT)

pgo: ## collect again the CPU profiles go build optimises the binaries with (cmd/funnel/default.pgo, sim/funnel/lindley/default.pgo; docs/speed.md), about 3 minutes
	@d=$$(mktemp -d) && t="$$d/funnel.test -test.run ^$$ -test.benchtime" && \
	$(GO) test -c -o $$d/funnel.test ./sim/funnel && \
	$$t 120x -test.bench 'Reference/10y$$' -test.cpuprofile $$d/reference.pprof >/dev/null && \
	$$t 100x -test.bench 'Default/' -test.cpuprofile $$d/default.pprof >/dev/null && \
	$$t 1x -test.bench 'Million/year1/' -test.cpuprofile $$d/million.pprof >/dev/null && \
	$$t 100x -test.bench 'HeapLoopBaseline|LindleyBaseline' -test.cpuprofile $(CURDIR)/sim/funnel/lindley/default.pgo >/dev/null && \
	$(GO) tool pprof -proto $$d/reference.pprof $$d/default.pprof $$d/million.pprof > $(CURDIR)/cmd/funnel/default.pgo 2>/dev/null && \
	rm -rf $$d && ls -l cmd/funnel/default.pgo sim/funnel/lindley/default.pgo

reproduce: ## run the published findings (exit code 3 if one is not reproduced)
	$(GO) run ./cmd/funnel reproduce

lint: ## go vet and a gofmt check
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

fmt:
	gofmt -w .

ci: ## what CI runs
	bash .ci/run

clean:
	rm -rf bin out
