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
# One check, two outputs: SARIF for code scanning and markdown for the step summary (which GitHub
# caps at 1 MiB: the markdown of a batch details only the cards that do not pass, 50 at most).
markdown="$(mktemp)"
releasecheck check "${paths[@]}" "${common[@]}" "${extra[@]}" -f sarif -o "${RC_SARIF:-releasecheck.sarif}" \
  --also "markdown=$markdown" --quiet
code=$?
cat "$markdown" >> "$summary"
rm -f "$markdown"
echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
