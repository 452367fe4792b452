# Tiny check recorder shared by the installer tests (sourced). Each check prints PASS/FAIL;
# finish_checks prints "N passed, M failed" and returns non-zero when anything failed.
# shellcheck shell=bash
PASSED=0
FAILED=0

# check "description" command [args...]: passes when the command exits 0.
check() {
  local description=$1; shift
  if "$@" >/dev/null 2>&1; then
    PASSED=$((PASSED + 1)); echo "PASS  $description"
  else
    FAILED=$((FAILED + 1)); echo "FAIL  $description"
  fi
}

# check_equals "description" expected actual
check_equals() {
  if [[ $2 == "$3" ]]; then
    PASSED=$((PASSED + 1)); echo "PASS  $1"
  else
    FAILED=$((FAILED + 1)); echo "FAIL  $1: expected '$2', got '$3'"
  fi
}

finish_checks() {
  echo "$PASSED passed, $FAILED failed"
  [[ $FAILED -eq 0 ]]
}
