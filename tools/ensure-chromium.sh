#!/usr/bin/env bash
# Make sure Debian's chromium (used by the Playwright browser tests) and poppler-utils (pdftotext
# reads back the printed handouts) are installed. Idempotent: exits at once when both are there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-noto-cjk poppler-utils)

if [[ -x "$CHROMIUM" ]] && command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "ensure-chromium: $CHROMIUM or pdftotext is missing and we are not root and sudo is not available." >&2
    echo "ensure-chromium: install manually: apt-get install ${PACKAGES[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available (not a Debian-based system?)." >&2
    exit 1
fi

# `env` so DEBIAN_FRONTEND survives sudo's environment reset.
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
echo "ensure-chromium: installing ${PACKAGES[*]} ..." >&2
if ! "${APT[@]}" update -qq || ! "${APT[@]}" install -y -qq "${PACKAGES[@]}"; then
    echo "ensure-chromium: apt-get failed to install ${PACKAGES[*]}." >&2
    echo "ensure-chromium: (a dpkg lock error means another apt run is in progress; wait and retry)" >&2
    exit 1
fi

if [[ ! -x "$CHROMIUM" ]]; then
    echo "ensure-chromium: packages installed but $CHROMIUM still missing." >&2
    exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
