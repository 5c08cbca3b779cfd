#!/usr/bin/env bash
# The body of action.yml's check step, kept in a file so it can be tested offline.
# Inputs come from RC_* variables; GITHUB_STEP_SUMMARY and GITHUB_OUTPUT are files (as on a runner).
set -uo pipefail
read -r -a paths <<< "${RC_PATHS:?RC_PATHS is required}"
read -r -a extra <<< "${RC_EXTRA:-}"
common=(--profile "${RC_PROFILE:-balanced}")
[ -n "${RC_RUBRICS:-}" ] && common+=(--rubrics "$RC_RUBRICS")
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
[ -n "${RC_BIN:-}" ] && PATH="$RC_BIN:$PATH"  # the action's own virtual environment
releasecheck check "${paths[@]}" "${common[@]}" "${extra[@]}" -f sarif -o "${RC_SARIF:-releasecheck.sarif}" --quiet
releasecheck check "${paths[@]}" "${common[@]}" "${extra[@]}" -f markdown -o - >> "$summary"
code=$?
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
