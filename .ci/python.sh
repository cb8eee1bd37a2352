#!/usr/bin/env bash
# The Python tier: builds the `warta` wheel (crates/warta-py) with maturin in a fresh venv with pinned
# versions, installs it with the test requirements, and runs `pytest tests/python`: the binding against
# `warta extract` byte for byte, then Spark local[2] and Ray (num_cpus=2). Fails on any failure, and when
# pytest ran no test at all (its exit status 5). Each step prints the seconds it took.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TERM_COLOR=never
# Shared with the Rust tiers: the wheel reuses the crates the release tier built with the same features
# (many are rebuilt: the binding resolves fewer features than warta-cli).
export CARGO_TARGET_DIR="$root/target"
# Ray sends no usage report (CI has no network) and needs no token in tests.
export RAY_USAGE_STATS_ENABLED=0 RAY_AUTH_MODE=disabled

started=$SECONDS
step_started=$SECONDS
step() {
  if [ -n "${step_name:-}" ]; then
    echo "   (python tier: $step_name took $((SECONDS - step_started)) s)"
  fi
  step_name=$1
  step_started=$SECONDS
  echo "== python: $1"
}

step "Java 17 for Spark"
if ! java -version 2>&1 | grep -q 'version "17'; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless
fi
java -version 2>&1 | head -1

step "fresh venv with the pinned test requirements"
venv="$root/target/ci-venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r tests/python/requirements.txt
"$venv/bin/python" --version

step "cargo fmt and clippy of crates/warta-py (a workspace of its own)"
(cd crates/warta-py && cargo fmt -- --check && PYO3_PYTHON="$venv/bin/python" cargo clippy --locked -- -D warnings)

step "the warta binary the output is compared with"
# The release test tier before this script already built it (for its integration tests); building it again
# with other features would only cost minutes.
if [ ! -x target/release/warta ]; then
  cargo build --release --locked -p warta-cli
fi

step "the wheel (maturin build --release)"
wheels="$root/target/wheels-ci"
rm -rf "$wheels"
"$venv/bin/maturin" build --release --locked -m crates/warta-py/Cargo.toml -i "$venv/bin/python" -o "$wheels"
"$venv/bin/pip" install -q --disable-pip-version-check "$wheels"/warta-*.whl

step "pytest tests/python"
status=0
# From outside the source tree, so that the installed wheel is what is tested.
WARTA_CLI="$root/target/release/warta" WARTA_REQUIRE_CLI=1 WARTA_REQUIRE_ENGINES=1 \
  "$venv/bin/python" -m pytest "$root/tests/python" -ra -p no:cacheprovider --rootdir "$root/tests/python" || status=$?
step "done"
echo "python tier: $((SECONDS - started)) s in all"
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no test" >&2
  exit 1
fi
exit "$status"
