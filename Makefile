# The two commands a newcomer needs: `make run` and `make test`. Each installs what is missing
# (scripts/install-deps.sh), builds, and runs. `make fuzz FUZZ_SECONDS=N` runs every libFuzzer
# target in fuzz/ for N seconds each, one at a time (clang, ASan and UBSan, in build-fuzz).
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
ifdef CI
CMAKE_FLAGS += -DPHI_WERROR=ON
endif

FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test bench package clean format fuzz fuzz-deps

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt: | deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD_DIR)/CMakeCache.txt
	@cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@./scripts/run-demo.sh $(BUILD_DIR)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# The Debian package: $(BUILD_DIR)/package/phi-auditd_<version>_amd64.deb
package: build
	@cd $(BUILD_DIR) && cpack -G DEB -B package

bench: build
	@./bench/run-benchmarks.sh $(BUILD_DIR)

fuzz-deps:
	@./scripts/install-deps.sh --fuzz

$(FUZZ_BUILD_DIR)/CMakeCache.txt: | fuzz-deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DPHI_FUZZ=ON >/dev/null

fuzz: fuzz-deps $(FUZZ_BUILD_DIR)/CMakeCache.txt
	@cmake --build $(FUZZ_BUILD_DIR) --target phi_fuzzers -j$(JOBS)
	@./scripts/run-fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD_DIR)
