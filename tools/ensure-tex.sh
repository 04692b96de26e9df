#!/usr/bin/env bash
# Make sure latexmk and pdflatex (and pdftoppm for gallery previews) are installed.
# Installs Debian's packages with apt-get when missing and running as root; otherwise says what to run.
set -euo pipefail
packages="texlive-latex-base texlive-latex-recommended latexmk poppler-utils"
if command -v latexmk >/dev/null && command -v pdflatex >/dev/null && command -v pdftoppm >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "symfisher needs TeX to build PDFs: please run, as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends $packages" >&2
  exit 1
fi
echo "installing TeX ($packages) with apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $packages >/dev/null
