# The two commands a newcomer needs: `make run` and `make test`. Each installs what is missing
# (scripts/install-deps.sh), builds, and runs.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
ifdef CI
CMAKE_FLAGS += -DPHI_WERROR=ON
endif

.PHONY: all deps build run test bench package clean format

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

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD_DIR)
