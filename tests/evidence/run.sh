#!/usr/bin/env bash
# Real runs of pytest, Jest (with jest-junit) and Vitest on tests/fixtures/evidence-run,
# whose tests pass, fail, are skipped or are not run; their JUnit XML goes to the real
# `throughline check --test-results` and `status`, and assert.py checks the findings and
# verdicts. pytest lives in a virtualenv under target/, the JS runners in
# tests/evidence/js/node_modules (npm ci from the committed lock); later runs reuse both.
# The last line is "evidence: N passed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$PWD"
bin="${THROUGHLINE_BIN:-$repo/target/debug/throughline}"
PYTEST_VERSION="8.4.2"

step() { printf '\n--> %s\n' "$*"; }

# --- runners ------------------------------------------------------------------------
venv="$repo/target/evidence-venv"
if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('pytest') == '$PYTEST_VERSION'" 2>/dev/null; then
    step "pytest $PYTEST_VERSION into target/evidence-venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pytest==$PYTEST_VERSION"
fi
if ! command -v npm >/dev/null 2>&1; then
    step "apt-get install npm"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq npm
fi
js="$repo/tests/evidence/js"
if [ ! -f "$js/node_modules/.package-lock.json" ] || [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; then
    step "npm ci in tests/evidence/js (Node $(node --version))"
    (cd "$js" && npm ci --no-audit --no-fund)
fi

# --- the runs -----------------------------------------------------------------------
ws="$repo/target/evidence-run/ws"
rm -rf "$repo/target/evidence-run"
mkdir -p "$(dirname "$ws")"
cp -r "$repo/tests/fixtures/evidence-run" "$ws"
mkdir -p "$ws/reports"
cd "$ws"

step "pytest --junitxml (test_root deselected: not run)"
"$venv/bin/python" -m pytest tests -q -p no:cacheprovider \
    --deselect tests/test_calc.py::test_root --junitxml=reports/pytest.xml || true
step "jest with jest-junit"
JEST_JUNIT_OUTPUT_DIR=reports JEST_JUNIT_OUTPUT_NAME=jest.xml \
    "$js/node_modules/.bin/jest" --ci --config '{"roots": ["<rootDir>/jest"]}' --rootDir "$ws" \
    --reporters=default --reporters="$js/node_modules/jest-junit" || true
step "vitest --reporter=junit"
"$js/node_modules/.bin/vitest" run --root . --dir vitest --globals \
    --reporter=default --reporter=junit --outputFile.junit=reports/vitest.xml || true
for f in pytest jest vitest; do
    [ -s "reports/$f.xml" ] || { echo "reports/$f.xml was not written" >&2; exit 1; }
done

step "throughline check and status with the results"
set +e
"$bin" check . --format json --test-results 'reports/*.xml' >check.json
check_code=$?
"$bin" status . --format json --test-results reports/pytest.xml reports/jest.xml reports/vitest.xml >status.json
status_code=$?
"$bin" check . --format json >plain.json
plain_code=$?
set -e
python3 "$repo/tests/evidence/assert.py" "$check_code" "$status_code" "$plain_code"
