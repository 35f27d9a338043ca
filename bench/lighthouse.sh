#!/usr/bin/env bash
# Lighthouse accessibility and best-practices scores of every page, at phone
# and desktop size, against the release server on loopback. Installs
# lighthouse from npm into target/lighthouse and uses Debian's Chromium.
# (Lighthouse refuses to audit a page answered 422, so the error page is
# covered by the axe-core test, tests/api/a11y.rs, instead.)
# Usage: bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/lighthouse
[[ -x $dir/node_modules/.bin/lighthouse ]] ||
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent lighthouse
source bench/server.sh
start_server target/lighthouse-server.log
pages=(
  "/"
  "/compare?monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20&svc.logs=900"
  "/embed?monthly_gb=5000&s3_percent=40"
  "/workload?tasks=6&task_starts_per_day=42&image_mb=850&log_gb_per_day=3"
)
for page in "${pages[@]}"; do
  for form in mobile desktop; do
    extra=()
    [[ $form == desktop ]] && extra=(--screenEmulation.disabled)
    CHROME_PATH=/usr/bin/chromium "$dir/node_modules/.bin/lighthouse" "$url$page" --quiet \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
      --only-categories=accessibility,best-practices --form-factor=$form "${extra[@]}" \
      --output=json --output-path="$dir/report.json" >/dev/null 2>&1
    python3 - "$dir/report.json" "$form" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(100 * (v["score"] or 0)) for k, v in report["categories"].items()}
failed = [a["id"] for a in report["audits"].values()
          if a.get("scoreDisplayMode") in ("binary", "numeric") and (a.get("score") or 1) < 1]
print(f"{sys.argv[2]:8} {sys.argv[3][:60]:60} accessibility {scores.get('accessibility')} best-practices {scores.get('best-practices')} {' '.join(failed)}")
PY
  done
done
