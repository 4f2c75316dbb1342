# Kardashev: the two commands a user needs are `make run` and `make test`.
# Every target installs what is missing first (scripts/install-deps.sh).

BUILD_DIR ?= build
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
# `make fuzz`: seconds of fuzzing in total, shared by the two targets.
FUZZ_SECONDS ?= 600
# `make test`: seconds of fuzzing per target in its short pass.
FUZZ_TEST_SECONDS ?= 30
SCENARIO ?= scenarios/colossus1.toml
CMAKE_GENERATOR ?= Ninja

.PHONY: all deps deps-run configure build run test test-release test-asan test-fuzz fuzz fuzz-build bench docs validate format \
  clean

all: build

deps:
	@./scripts/install-deps.sh

# `make run` needs only the compiler and the libraries the program links.
deps-run:
	@./scripts/install-deps.sh run

# Configured every time (a no-op when nothing changed), so that packages
# installed since the last configure are found: the tests, benchmarks and the
# Python module are configured where their packages are present.
configure:
	cmake -S . -B $(BUILD_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Release

build: deps
	$(MAKE) --no-print-directory configure
	cmake --build $(BUILD_DIR)

# Builds the program alone, not the tests, benchmarks or the Python module.
run: deps-run
	$(MAKE) --no-print-directory configure
	cmake --build $(BUILD_DIR) --target kardashev
	./$(BUILD_DIR)/kardashev run $(SCENARIO)

test: test-release test-asan test-fuzz

test-release: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error

# The unit tests once more, under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_DIR) -G $(CMAKE_GENERATOR) -DCMAKE_BUILD_TYPE=Debug \
	  -DKARDASHEV_SANITIZE=ON -DKARDASHEV_BENCH=OFF
	cmake --build $(ASAN_DIR) --target kardashev_tests kardashev_fuzz_replay
	ctest --test-dir $(ASAN_DIR) --output-on-failure --no-tests=error -L 'unit|fuzz-regression'

# libFuzzer targets on the scenario loader and the trace reader (fuzz/), built
# with clang under AddressSanitizer and UndefinedBehaviorSanitizer. Every crash
# they find becomes a regression file in tests/data/fuzz-crashes/ (see its
# README), replayed by the fuzz-regression tests above.
fuzz-build: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G $(CMAKE_GENERATOR) \
	  -DCMAKE_BUILD_TYPE=Debug -DKARDASHEV_FUZZ=ON -DKARDASHEV_BENCH=OFF
	cmake --build $(FUZZ_DIR) --target scenario_fuzzer trace_fuzzer

fuzz: fuzz-build
	./fuzz/run-fuzzers.sh $(FUZZ_DIR) $$(( $(FUZZ_SECONDS) / 2 ))

# The short pass of `make test`: fails when either target finds a crash. Its
# seed is fixed, so that a test run does not pass or fail by the draw.
test-fuzz: fuzz-build
	FUZZ_SEED=1 ./fuzz/run-fuzzers.sh $(FUZZ_DIR) $(FUZZ_TEST_SECONDS)

bench: build
	./$(BUILD_DIR)/kardashev_bench --benchmark_repetitions=5 \
	  --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true

docs: build
	./$(BUILD_DIR)/kardashev schema --format markdown > docs/scenario-reference.md
	./$(BUILD_DIR)/kardashev outputs --format markdown > docs/outputs.md

# Every published figure of the validation suite, predicted: the table on the
# terminal, and docs/validation.md (a test fails when it is stale).
validate: build
	./$(BUILD_DIR)/kardashev validate
	./$(BUILD_DIR)/kardashev validate --format markdown > docs/validation.md

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
