#!/usr/bin/env bash
# Rebuild the synthetic test-fixture APKs in sample_apks/ from sample_apks/src/<name>/.
#
#   bash sample_apks/build.sh              # every fixture under sample_apks/src/
#   bash sample_apks/build.sh harvester    # only the named fixture(s)
#
# Source layout of one fixture (sample_apks/src/<name>/):
#   AndroidManifest.xml          text manifest (package= attribute required by aapt v1)
#   res/                         optional, compiled by aapt into resources.arsc
#   assets/                      optional, copied to assets/ in the APK
#   smali/                       -> classes.dex
#   smali_classes2/, _classes3/  -> classes2.dex, classes3.dex ... (must be contiguous)
#   asset_smali/<stem>/          -> assets/<stem>.dex (an extra dex embedded as an asset)
#
# Output is byte-identical on every run and every machine with the same tool
# versions: the signing key is committed (fixture-key.p12.b64, password
# "android"), smali runs single-threaded on a sorted file list, every zip
# entry carries a 1980-01-01 timestamp and a fixed 0644 mode, and signing is
# RSA PKCS#1 v1.5 (deterministic). Signing: v1 + v2, v3 off. zipalign runs
# before apksigner (v2 signs the whole file).
#
# Needs (Debian bookworm): aapt android-framework-res libsmali-java zipalign
# apksigner zip (+ a Java runtime, pulled in by apksigner/libsmali-java).
set -euo pipefail
umask 022
export TZ=UTC LC_ALL=C

HERE=${BASH_SOURCE[0]%/*}
[ "$HERE" = "${BASH_SOURCE[0]}" ] && HERE=.
HERE=$(cd "$HERE" && pwd)
SRC_ROOT="$HERE/src"
KEY_B64="$HERE/fixture-key.p12.b64"
KEY_ALIAS=fixture
KEY_PASS=android
FW=${FRAMEWORK_RES:-/usr/share/android-framework-res/framework-res.apk}   # API 29
DEX_API=21          # dex format 035
MIN_SDK=21

die() { echo "build.sh: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- tool check
# tool -> Debian package that provides it
check_tools() {
  local -a missing=() pkgs=()
  local entry tool pkg
  for entry in aapt:aapt smali:libsmali-java zipalign:zipalign apksigner:apksigner \
               zip:zip java:default-jre-headless base64:coreutils sha256sum:coreutils \
               mktemp:coreutils touch:coreutils find:findutils sort:coreutils; do
    tool=${entry%%:*}; pkg=${entry#*:}
    if ! command -v "$tool" >/dev/null 2>&1; then
      missing+=("$tool"); pkgs+=("$pkg")
    fi
  done
  if [ ! -f "$FW" ]; then
    missing+=("framework-res.apk ($FW)"); pkgs+=(android-framework-res)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    # de-duplicate package names without external tools
    local -A seen=(); local -a uniq=()
    for pkg in "${pkgs[@]}"; do
      [ -n "${seen[$pkg]:-}" ] || { seen[$pkg]=1; uniq+=("$pkg"); }
    done
    {
      echo "build.sh: missing tools: ${missing[*]}"
      echo "install them with (Debian/Ubuntu):"
      echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${uniq[*]}"
    } >&2
    exit 2
  fi
}
check_tools

# ---------------------------------------------------------------- arguments
[ -d "$SRC_ROOT" ] || die "no source folder $SRC_ROOT"
declare -a NAMES=()
if [ $# -gt 0 ]; then
  for a in "$@"; do
    case "$a" in -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}"; exit 0 ;; esac
    a=${a%/}; a=${a##*/}; a=${a%.apk}
    [ -f "$SRC_ROOT/$a/AndroidManifest.xml" ] || die "unknown fixture '$a' (no $SRC_ROOT/$a/AndroidManifest.xml)"
    NAMES+=("$a")
  done
else
  for d in "$SRC_ROOT"/*/; do
    [ -f "$d/AndroidManifest.xml" ] && NAMES+=("$(basename "$d")")
  done
fi
[ ${#NAMES[@]} -gt 0 ] || die "no fixtures found under $SRC_ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fixture-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
KS="$WORK/fixture-key.p12"
base64 -d "$KEY_B64" > "$KS" || die "cannot decode $KEY_B64"

# assemble SMALI_DIR OUT_DEX
# Debian smali 2.5.2 exits 0 on syntax errors (prints "File.smali[l,c] ..." and
# writes no dex), so any output at all, or a missing/empty dex, is a failure.
assemble() {
  local dir=$1 out=$2 log="$WORK/smali.log"
  local -a files=()
  mapfile -t files < <(find "$dir" -type f -name '*.smali' | sort)
  [ ${#files[@]} -gt 0 ] || die "no .smali files in $dir"
  rm -f "$out"
  # -j 1: multi-threaded smali lays out code items in a varying order
  if ! smali assemble -j 1 --api "$DEX_API" -o "$out" "${files[@]}" >"$log" 2>&1 \
     || [ -s "$log" ] || [ ! -s "$out" ]; then
    cat "$log" >&2
    die "smali failed for ${dir#"$HERE"/}"
  fi
}

build_one() {
  local name=$1
  local src="$SRC_ROOT/$name" out="$HERE/$name.apk" w="$WORK/$name"
  mkdir -p "$w/stage"
  echo "== $name"

  # 1. binary manifest + resources.arsc + assets/ -> base.apk
  local -a args=(package -f -M "$src/AndroidManifest.xml" -I "$FW" -F "$w/base.apk")
  [ -d "$src/res" ] && args+=(-S "$src/res")
  [ -d "$src/assets" ] && args+=(-A "$src/assets")
  aapt "${args[@]}" || die "aapt failed for $name"

  # 2. dex files
  local -a entries=()
  [ -d "$src/smali" ] || die "$name: no smali/ folder"
  assemble "$src/smali" "$w/stage/classes.dex"; entries+=(classes.dex)
  local n=2
  while [ -d "$src/smali_classes$n" ]; do
    assemble "$src/smali_classes$n" "$w/stage/classes$n.dex"; entries+=("classes$n.dex")
    n=$((n+1))
  done
  local d
  for d in "$src"/smali_classes*; do
    [ -e "$d" ] || continue
    case " ${entries[*]} " in
      *" classes${d##*smali_classes}.dex "*) ;;
      *) die "$name: ${d##*/} is not contiguous with smali/, smali_classes2/ ..." ;;
    esac
  done
  if [ -d "$src/asset_smali" ]; then
    mkdir -p "$w/stage/assets"
    for d in "$src"/asset_smali/*/; do
      [ -d "$d" ] || continue
      d=${d%/}; local stem=${d##*/}
      [ -e "$src/assets/$stem.dex" ] && die "$name: assets/$stem.dex clashes with asset_smali/$stem/"
      assemble "$d" "$w/stage/assets/$stem.dex"; entries+=("assets/$stem.dex")
    done
  fi

  # 3. add the dex files with fixed time and mode (apksigner copies the newest
  #    entry time onto META-INF/*), no directory entries, no extra fields
  find "$w/stage" -type f -exec chmod 0644 {} +
  find "$w/stage" -exec touch -h -t 198001010000 {} +
  (cd "$w/stage" && zip -q -X -D "$w/base.apk" "${entries[@]}") || die "zip failed for $name"

  # 4. align, sign (v1+v2, no v3), verify
  zipalign -f -p 4 "$w/base.apk" "$w/aligned.apk" || die "zipalign failed for $name"
  apksigner sign --ks "$KS" --ks-type PKCS12 --ks-pass "pass:$KEY_PASS" --key-pass "pass:$KEY_PASS" \
    --ks-key-alias "$KEY_ALIAS" --min-sdk-version "$MIN_SDK" \
    --v1-signing-enabled true --v2-signing-enabled true --v3-signing-enabled false \
    --v4-signing-enabled false \
    --out "$w/signed.apk" "$w/aligned.apk" || die "apksigner sign failed for $name"
  apksigner verify --min-sdk-version "$MIN_SDK" "$w/signed.apk" || die "apksigner verify failed for $name"
  zipalign -c -p 4 "$w/signed.apk" || die "zipalign check failed for $name"

  cp "$w/signed.apk" "$out"
  echo "   dex: ${entries[*]}"
  echo "   $(sha256sum "$out" | cut -d' ' -f1)  ${out#"$HERE"/}"
}

for name in "${NAMES[@]}"; do
  build_one "$name"
done
