# Funnel Lab. Every target works on a fresh clone with only Go installed.
GO      ?= go
PKGS    := ./...
BENCH   ?= .
COUNT   ?= 6

.PHONY: build run test bench bench-baseline reproduce lint fmt ci clean

build: ## build bin/funnel
	$(GO) build -o bin/funnel ./cmd/funnel

run: ## run the embedded default scenario
	$(GO) run ./cmd/funnel run

test: ## the test suite (the same command CI runs)
	$(GO) test $(PKGS)

bench: ## engine and model benchmarks (compare runs with benchstat), then the whole-process comparison with the hand-written loops
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) ./sim/...
	$(GO) run ./sim/funnel/vsbaseline --runs $(COUNT)

bench-baseline: ## the reference funnel, 10 years, one policy, whole process: CPU time of funnel run over the hand-written loops' (heap event loop, the target's baseline; Lindley recursion)
	$(GO) run ./sim/funnel/vsbaseline --runs $(COUNT)

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
