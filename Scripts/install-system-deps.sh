#!/usr/bin/env bash
# Installs the Debian packages Umlaut builds and tests against, if any is missing.
#   libtree-sitter-dev  the tree-sitter runtime (0.20.7 on Debian 12)
#   libsqlite3-dev      SQLite, for training sessions
#   libopenblas-dev     OpenBLAS (the CBLAS module), for VectorMath: k-NN, k-means, embeddings
#   zlib1g-dev          zlib (the CZlib module): ProjectSearch inflates .tar.gz and .zip archives
#   pkg-config          how SwiftPM finds the libraries above
#   libjs-chart.js      Chart.js, the dashboard's plots (`umlaut ui`, `umlaut show --format html`)
#   neovim              real editors as LSP clients in the end-to-end tests (only with --test):
#   emacs-nox           Neovim 0.7, Emacs 28 with Eglot, and Node for the VS Code extension's
#   elpa-eglot          LSP client
#   nodejs
#   chromium            a headless browser for the dashboard's tests (only with --test), driven
#   chromium-driver     by Selenium
set -euo pipefail

packages=(libtree-sitter-dev libsqlite3-dev libopenblas-dev zlib1g-dev pkg-config)
packages+=(libjs-chart.js)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(neovim emacs-nox elpa-eglot nodejs)
    packages+=(chromium chromium-driver)
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing Debian packages: ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
