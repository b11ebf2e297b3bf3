#!/usr/bin/env bash
# Installs the Debian packages rasd needs to build, test, benchmark and run its demo.
# Idempotent: does nothing when everything is present.
#   scripts/install-deps.sh          install what is missing
#   scripts/install-deps.sh --check  exit 0 when the build dependencies are present, 1 when not
#   scripts/install-deps.sh --all    also the optional tools (benchmarks, comparisons, fuzzing, lint)
#   scripts/install-deps.sh --check-all  like --check, for the optional tools too
set -euo pipefail

# Needed to build and test (make, make test, make demo); chromium renders the
# HTML report in tests/cli_stats.sh; GNU parallel drives tests/cli_parallel.sh.
build_pkgs=(build-essential pkg-config libsvm-dev libicu-dev libgsl-dev libjansson-dev
            valgrind python3 chromium parallel)
# Used by make bench / make compare / make fuzz / make lint, and python3-scipy by
# scripts/gen-interval-golden (regenerating tests/data/intervals.tsv).
extra_pkgs=(libsvm-tools fasttext python3-sklearn hyperfine clang
            libclang-rt-14-dev cppcheck clang-tidy shellcheck time python3-scipy)

want_extra=0
case "${1:-}" in
  --check|--check-all)
    missing=0
    check=("${build_pkgs[@]}")
    [ "$1" = --check-all ] && check+=("${extra_pkgs[@]}")
    for p in "${check[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing=1
    done
    exit "$missing";;
  --all) want_extra=1;;
  "") ;;
  -h|--help)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
  *) echo "install-deps.sh: unknown option '$1' (see --help)" >&2; exit 2;;
esac

pkgs=("${build_pkgs[@]}")
[ "$want_extra" = 1 ] && pkgs+=("${extra_pkgs[@]}")

todo=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || todo+=("$p")
done
if [ "${#todo[@]}" -eq 0 ]; then
  echo "install-deps.sh: all ${#pkgs[@]} packages present" >&2
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps.sh: need root or sudo to install: ${todo[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps.sh: installing ${todo[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${todo[@]}" >&2
