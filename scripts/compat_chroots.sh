#!/usr/bin/env bash
# The plugin on the QGIS versions geologists install, each in a clean Debian chroot:
#   trixie = Debian 13 (QGIS 3.40 LTR, Python 3.13, numpy 2), sid = Debian unstable (QGIS 3.44,
#   Python 3.14). The host (Debian 12, QGIS 3.22) is what `make test` runs on.
#
#   sudo bash scripts/compat_chroots.sh [--fresh] [--suite demo|ci|full] trixie|sid|all
#
# For each version: debootstrap + QGIS from Debian (kept under $MFAF_CHROOTS, default
# /var/cache/mfaf-chroots, and reused: --fresh builds it again), then this checkout (tracked and
# untracked files, as `git ls-files` lists them, committed there as one snapshot) copied in, set up by the user's route (make
# setup: QGIS's Python, a venv, requirements.txt), the demo run, then tests:
#   --suite demo   the demo only
#   --suite ci     the demo plus the algorithm, packaging and installation tests (CI on 3.40;
#                  MFAF_COMPAT_TESTS="tests/x.py ..." runs those instead)
#   --suite full   the demo plus the whole suite (default)
# One line per version at the end, e.g.
#   QGIS 3.40.6 / Python 3.13.5 / numpy 2.2.4: setup ok, demo ok (77 targets), tests 120 passed ...
# Needs root (debootstrap, chroot, mounts) and the network to Debian's and PyPI's mirrors. The host's
# CA bundle and pip configuration go into the chroot (with the local wheel folders they name, bound
# read-only), and the host name into its /etc/hosts (torch's rendezvous resolves it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${MFAF_CHROOTS:-/var/cache/mfaf-chroots}"
mirror="${MFAF_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
fresh=0 suite=full targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) fresh=1 ;;
    --suite) suite="$2"; shift ;;
    trixie|sid) targets+=("$1") ;;
    all) targets+=(trixie sid) ;;
    *) echo "usage: $0 [--fresh] [--suite demo|ci|full] trixie|sid|all" >&2; exit 2 ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=(trixie sid)
[ "$(id -u)" -eq 0 ] || { echo "[compat] needs root (debootstrap, chroot, mounts)" >&2; exit 2; }

CI_TESTS="${MFAF_COMPAT_TESTS:-tests/test_foundation.py tests/test_packaging.py tests/test_installer.py tests/test_compat.py
tests/test_dialogs.py tests/test_styles.py tests/test_screening.py tests/test_idw.py tests/test_stacking.py
tests/test_tiling.py tests/test_prediction.py tests/test_pipeline_model.py tests/test_bad_inputs.py}"
DEBS="qgis python3-qgis qgis-providers gdal-bin python3-gdal python3-shapely python3-fiona python3-pip
python3-venv qttools5-dev-tools xvfb make git ca-certificates"
MOUNTS=()

unmount_all() {
  local i
  for ((i=${#MOUNTS[@]}-1; i>=0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  MOUNTS=()
}
trap unmount_all EXIT

bind() {  # bind SRC DEST [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  MOUNTS+=("$2")
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$2"
  return 0
}

apt_opts() {  # sid's Release files may be past their Valid-Until date
  [ "$1" = sid ] && echo "-o Acquire::Check-Valid-Until=false" || true
}

host_files() {  # CA bundle, pip configuration (+ the local folders it names), resolver, host name
  local root="$1" conf dir
  mkdir -p "$root/etc/ssl/certs" "$root/root/.config/pip"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  grep -qw "$(hostname)" "$root/etc/hosts" 2>/dev/null || echo "127.0.1.1 $(hostname)" >> "$root/etc/hosts"
  for conf in /etc/pip.conf "$HOME/.config/pip/pip.conf" "$HOME/.pip/pip.conf"; do
    [ -f "$conf" ] || continue
    mkdir -p "$root$(dirname "${conf/#$HOME//root}")"
    cp "$conf" "$root${conf/#$HOME//root}"
    for dir in $(grep -oE '(file://)?/[^ ]+' "$conf" | sed 's#^file://##'); do
      case "$dir" in /etc/*) continue ;; esac
      dir="${dir%/simple}"; dir="${dir%/}"
      [ -d "$dir" ] && ! mountpoint -q "$root$dir" && bind "$dir" "$root$dir" ro
    done
  done
}

build() {  # build SUITE: debootstrap + QGIS, once (marker file when complete)
  local s="$1" root="$base/$1"
  if [ "$fresh" = 1 ] || [ ! -f "$base/READY-$s" ]; then
    echo "[compat] $s: debootstrap + QGIS from Debian into $root"
    rm -f "$base/READY-$s"
    [ -d "$root" ] && rm -rf --one-file-system "$root"
    mkdir -p "$base"
    debootstrap --variant=minbase "$s" "$root" "$mirror" > "$base/$s-debootstrap.log" 2>&1 ||
      { tail -20 "$base/$s-debootstrap.log" >&2; return 1; }
    mounts "$s"
    chroot "$root" apt-get $(apt_opts "$s") update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get $(apt_opts "$s") install -y -qq \
      --no-install-recommends $DEBS > "$base/$s-apt.log" 2>&1 || { tail -20 "$base/$s-apt.log" >&2; return 1; }
    unmount_all
    touch "$base/READY-$s"
  fi
}

mounts() {
  local root="$base/$1"
  bind /proc "$root/proc"; bind /sys "$root/sys"; bind /dev "$root/dev"; bind /dev/pts "$root/dev/pts"
  host_files "$root"
}

copy_checkout() {  # the checkout's files into /root/mfaf of the chroot; its .venv is kept between runs
  local root="$base/$1" dest="$base/$1/root/mfaf"
  mkdir -p "$dest"
  find "$dest" -mindepth 1 -maxdepth 1 ! -name .venv -exec rm -rf {} +
  (cd "$here" && git ls-files -z -co --exclude-standard | tar --null -T - -cf -) | tar -C "$dest" -xf -
  # a git repository of its own, as a clone is (the ZIP build and the hygiene tests read git)
  git -C "$dest" init -q
  git -C "$dest" add -A
  git -C "$dest" -c user.name=compat -c user.email=compat@localhost commit -q -m "checkout as copied"
}

in_chroot() {  # in_chroot SUITE COMMAND: run a bash command in the copy, as a fresh login would
  chroot "$base/$1" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
    LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=1 bash -c "cd /root/mfaf && $2"
}

run_suite() {  # run_suite SUITE: prints the summary line
  local s="$1" logs="$base/$1-logs" versions setup=failed demo=failed tests="not run" t0
  trap unmount_all EXIT  # runs in $(...): its own mounts are undone even when a step fails
  mkdir -p "$logs"
  t0=$(date +%s)
  mounts "$s"
  copy_checkout "$s"
  versions="$(in_chroot "$s" "python3 -c 'import sys, numpy; from qgis.core import Qgis; from osgeo import gdal; \
print(\"QGIS {} / Python {} / numpy {} / GDAL {}\".format(Qgis.QGIS_VERSION.split(\"-\")[0], sys.version.split()[0], \
numpy.__version__, gdal.__version__))'" 2>/dev/null || echo "QGIS ? ($s)")"
  if in_chroot "$s" "make setup" > "$logs/setup.log" 2>&1; then
    setup=ok
    if in_chroot "$s" "bash scripts/demo.sh" > "$logs/demo.log" 2>&1; then
      demo="ok ($(grep -oE 'drill targets: +[0-9]+' "$logs/demo.log" | grep -oE '[0-9]+$') targets)"
    fi
    if [ "$suite" != demo ]; then
      local which=""
      [ "$suite" = ci ] && which="$(echo $CI_TESTS)"
      in_chroot "$s" "bash scripts/build_translations.sh && .venv/bin/python -m pytest -q -p no:cacheprovider $which" \
        > "$logs/tests.log" 2>&1 || true
      tests="$(grep -E '(passed|failed|error).* in [0-9.]+s' "$logs/tests.log" | tail -1 | sed 's/=//g; s/^ *//; s/ *$//')"
      [ -n "$tests" ] || tests="no result (see $logs/tests.log)"
    fi
  fi
  unmount_all
  echo "$versions: setup $setup, demo $demo, tests ($suite) $tests; $(( $(date +%s) - t0 )) s; logs in $logs"
}

command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
lines=()
for s in "${targets[@]}"; do
  build "$s"
  lines+=("$(run_suite "$s")")
done
echo
printf '%s\n' "${lines[@]}"
! printf '%s\n' "${lines[@]}" | grep -qE 'setup failed|demo failed|[1-9][0-9]* (failed|error)|no result'
