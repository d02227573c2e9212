#!/usr/bin/env bash
# Installs what Brushfire needs on a fresh Debian machine that has the Swift toolchain:
# librdkafka (Kafka client and its mock cluster), zlib, SQLite, pkg-config and kcat from
# Debian; the independent reference libraries the tests compare against from PyPI.
# Safe to run again: it installs only what is missing.
set -euo pipefail

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in librdkafka-dev zlib1g-dev libsqlite3-dev pkg-config kcat; do
    have_pkg "$pkg" || need_apt+=("$pkg")
done
if [[ "${BRUSHFIRE_WITH_TEST_TOOLS:-0}" == "1" ]]; then
    have_pkg chromium || need_apt+=(chromium)
    # Chinese text (evidence packs, addresses) renders as empty boxes in headless screenshots without a CJK font.
    have_pkg fonts-noto-cjk || need_apt+=(fonts-noto-cjk)
fi
if ((${#need_apt[@]})); then
    sudo_cmd=()
    [[ "$(id -u)" == "0" ]] || sudo_cmd=(sudo)
    echo "bootstrap: installing ${need_apt[*]} from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [[ "${BRUSHFIRE_WITH_TEST_TOOLS:-0}" == "1" ]]; then
    python=${BRUSHFIRE_PYTHON:-python3}
    requirements=(jsonschema==4.26.0 rfc3339-validator==0.1.4 standardwebhooks phonenumbers==9.0.43 cpca==0.5.5)
    if ! "$python" -c 'import jsonschema, rfc3339_validator, standardwebhooks, phonenumbers, cpca' 2>/dev/null; then
        echo "bootstrap: installing ${requirements[*]} from PyPI" >&2
        "$python" -m pip install -q --disable-pip-version-check "${requirements[@]}"
    fi
fi
