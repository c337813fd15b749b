# The two commands of the README:
#   make run   - install what is missing, build, load the demo data, serve it
#   make test  - install what is missing, build, run every test
BUILD    ?= build
DATA     ?= ./yungu-data
LISTEN   ?= 127.0.0.1:8080
JOBS     ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps configure build web run test bench bench-governance bench-scale bench-ckan bench-web clean

all: build web

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) > /dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

web: deps
	@bash scripts/build-web.sh

run: build web
	@./$(BUILD)/yungu demo --data $(DATA)
	@exec ./$(BUILD)/yungu serve --data $(DATA) --listen $(LISTEN)

test: build web
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

bench: build
	@bash bench/run.sh

bench-governance: build
	@bash bench/governance.sh

# 1M, 10M and 50M rows on SQLite and PostgreSQL (about 80 minutes, 70 GB of disk)
bench-scale: build
	@bash bench/scale.sh

# CKAN's DataStore routes against the native API, 1M rows, both backends
bench-ckan: build
	@bash bench/ckan.sh

bench-web: build web
	@bash bench/web.sh

clean:
	@rm -rf $(BUILD)
