#!/usr/bin/env bash
# Rebuild the synthetic test-fixture APKs in sample_apks/ from sample_apks/src/<name>/.
#
#   bash sample_apks/build.sh              # every fixture and bundle under sample_apks/src/
#   bash sample_apks/build.sh harvester    # only the named fixture(s) or bundle(s)
#   bash sample_apks/build.sh bundles      # only the bundles (bundle_xapk bundle_apks bundle_apkm nested)
#
# Source layout of one fixture (sample_apks/src/<name>/):
#   AndroidManifest.xml          text manifest (package= attribute required by aapt v1)
#   res/                         optional, compiled by aapt into resources.arsc
#   assets/                      optional, copied to assets/ in the APK
#   lib/<abi>/*.so               optional, copied to lib/ in the APK, stored (not compressed)
#   smali/                       -> classes.dex (may be absent only if the manifest says
#                                   android:hasCode="false", e.g. a config split)
#   smali_classes2/, _classes3/  -> classes2.dex, classes3.dex ... (must be contiguous)
#   asset_smali/<stem>/          -> assets/<stem>.dex (an extra dex embedded as an asset)
#   dex-api                      optional: the API level smali assembles for (default 21,
#                                   dex 035; 26 gives dex 038 with invoke-custom)
#
# Split APKs and bundles: src/splitloan/ has no top-level manifest; its base/,
# feature_kyc/ and config.arm64_v8a/ folders are fixture sources of the same
# layout, built as split APKs of one app (same key) and packed by python3 into
# bundle_xapk.xapk, bundle_apks.apks and bundle_apkm.apkm (see build_bundles).
# nested.zip wraps the built harvester.apk. Bundle zips are written by python's
# zipfile: every entry stored, 1980-01-01, mode 0644, no directory entries.
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
export ANDROID_AAPT_IGNORE='!.svn:!.git:!.ds_store:!*.scc:.*:!CVS:!thumbs.db:!picasa.ini:!*~'

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
               mktemp:coreutils touch:coreutils find:findutils sort:coreutils \
               python3:python3; do
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
BUNDLE_SRC="$SRC_ROOT/splitloan"                     # split APK sources for the bundles
ALL_BUNDLES=(bundle_xapk bundle_apks bundle_apkm nested)
declare -a NAMES=() BUNDLES=()
add_bundle() {
  case " ${BUNDLES[*]} " in *" $1 "*) ;; *) BUNDLES+=("$1") ;; esac
}
if [ $# -gt 0 ]; then
  for a in "$@"; do
    case "$a" in -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}"; exit 0 ;; esac
    a=${a%/}; a=${a##*/}; a=${a%.apk}
    case "$a" in
      bundles|splitloan) for b in "${ALL_BUNDLES[@]}"; do add_bundle "$b"; done; continue ;;
      bundle_xapk|bundle_xapk.xapk) add_bundle bundle_xapk; continue ;;
      bundle_apks|bundle_apks.apks) add_bundle bundle_apks; continue ;;
      bundle_apkm|bundle_apkm.apkm) add_bundle bundle_apkm; continue ;;
      nested|nested.zip) add_bundle nested; continue ;;
    esac
    [ -f "$SRC_ROOT/$a/AndroidManifest.xml" ] || die "unknown fixture '$a' (no $SRC_ROOT/$a/AndroidManifest.xml)"
    NAMES+=("$a")
  done
else
  for d in "$SRC_ROOT"/*/; do
    [ -f "$d/AndroidManifest.xml" ] && NAMES+=("$(basename "$d")")
  done
  [ -d "$BUNDLE_SRC" ] && BUNDLES=("${ALL_BUNDLES[@]}")
fi
[ $(( ${#NAMES[@]} + ${#BUNDLES[@]} )) -gt 0 ] || die "no fixtures found under $SRC_ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fixture-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
KS="$WORK/fixture-key.p12"
base64 -d "$KEY_B64" > "$KS" || die "cannot decode $KEY_B64"

# assemble SMALI_DIR OUT_DEX
# Debian smali 2.5.2 exits 0 on syntax errors (prints "File.smali[l,c] ..." and
# writes no dex), so any output at all, or a missing/empty dex, is a failure.
assemble() {
  local dir=$1 out=$2 log="$WORK/smali.log" api=${3:-$DEX_API}
  local -a files=()
  mapfile -t files < <(find "$dir" -type f -name '*.smali' | sort)
  [ ${#files[@]} -gt 0 ] || die "no .smali files in $dir"
  rm -f "$out"
  # -j 1: multi-threaded smali lays out code items in a varying order
  if ! smali assemble -j 1 --api "$api" -o "$out" "${files[@]}" >"$log" 2>&1 \
     || [ -s "$log" ] || [ ! -s "$out" ]; then
    cat "$log" >&2
    die "smali failed for ${dir#"$HERE"/}"
  fi
}

# build_apk SRC_DIR OUT_APK LABEL: one signed APK from one source folder
build_apk() {
  local src=$1 out=$2 name=$3 w="$WORK/$3"
  mkdir -p "$w/stage"
  echo "== $name"

  # 1. binary manifest + resources.arsc + assets/ -> base.apk
  #    aapt's default ignore list skips asset folders whose name starts with '_' ("<dir>_*"); DCloud apps
  #    keep their pages under assets/apps/__UNI__<id>/ (and DCloud's packaging guide changes the pattern
  #    too), so the pattern here is aapt's default without that one entry.
  local -a args=(package -f -M "$src/AndroidManifest.xml" -I "$FW" -F "$w/base.apk")
  [ -d "$src/res" ] && args+=(-S "$src/res")
  [ -d "$src/assets" ] && args+=(-A "$src/assets")
  aapt "${args[@]}" || die "aapt failed for $name"

  # 2. dex files
  local -a entries=() libs=()
  # dex-api: a fixture that needs a newer dex format (invoke-custom: api 26 = dex 038)
  local api=$DEX_API
  if [ -f "$src/dex-api" ]; then
    api=$(tr -d ' \n' < "$src/dex-api")
    case "$api" in ''|*[!0-9]*) die "$name: dex-api must hold an API level" ;; esac
  fi
  if [ -d "$src/smali" ]; then
    assemble "$src/smali" "$w/stage/classes.dex" "$api"; entries+=(classes.dex)
  elif ! grep -q 'android:hasCode="false"' "$src/AndroidManifest.xml"; then
    die "$name: no smali/ folder (allowed only with android:hasCode=\"false\")"
  fi
  local n=2
  while [ -d "$src/smali_classes$n" ]; do
    assemble "$src/smali_classes$n" "$w/stage/classes$n.dex" "$api"; entries+=("classes$n.dex")
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
  # native libraries: copied as they are, sorted, stored uncompressed
  if [ -d "$src/lib" ]; then
    cp -R "$src/lib" "$w/stage/lib"
    mapfile -t libs < <(cd "$w/stage" && find lib -type f | sort)
    [ ${#libs[@]} -gt 0 ] || die "$name: lib/ holds no files"
  fi

  # 3. add the dex files (and libs) with fixed time and mode (apksigner copies
  #    the newest entry time onto META-INF/*), no directory entries, no extra fields
  find "$w/stage" -type f -exec chmod 0644 {} +
  find "$w/stage" -exec touch -h -t 198001010000 {} +
  if [ ${#entries[@]} -gt 0 ]; then
    (cd "$w/stage" && zip -q -X -D "$w/base.apk" "${entries[@]}") || die "zip failed for $name"
  fi
  if [ ${#libs[@]} -gt 0 ]; then
    (cd "$w/stage" && zip -q -X -D -0 "$w/base.apk" "${libs[@]}") || die "zip (lib/) failed for $name"
  fi

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
  echo "   dex: ${entries[*]:-(none)}${libs[*]:+; lib: ${libs[*]}}"
  local shown=${out#"$HERE"/}; shown=${shown#"$WORK"/}
  echo "   $(sha256sum "$out" | cut -d' ' -f1)  $shown"
}

build_one() {
  build_apk "$SRC_ROOT/$1" "$HERE/$1.apk" "$1"
}

# ---------------------------------------------------------------- bundles
# pack.py MODE OUT INPUT...: writes one bundle zip. Every entry is stored (no
# deflate, so no zlib-version dependence), dated 1980-01-01 00:00, mode 0644,
# created on "Unix", without directory entries or extra fields, in the order
# given. Metadata (package, version, label, sdk levels, permissions) comes from
# `aapt dump badging` of the base split.
write_packer() {
  cat > "$WORK/pack.py" <<'PACK'
import json, os, re, subprocess, sys, zipfile

def badging(apk):
    out = subprocess.run(["aapt", "dump", "badging", apk], check=True,
                         capture_output=True, text=True).stdout
    one = lambda rx: re.search(rx, out, re.M).group(1)
    return {
        "package": one(r"^package: name='([^']*)'"),
        "version_code": one(r"^package: .* versionCode='([^']*)'"),
        "version_name": one(r"^package: .* versionName='([^']*)'"),
        "min_sdk": one(r"^sdkVersion:'([^']*)'"),
        "target_sdk": one(r"^targetSdkVersion:'([^']*)'"),
        "label": one(r"^application-label:'([^']*)'"),
        "permissions": re.findall(r"^uses-permission: name='([^']*)'", out, re.M),
    }

def read(path):
    with open(path, "rb") as fh:
        return fh.read()

def as_json(obj):
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

def write_zip(out, entries):
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            zf.writestr(zi, data)

mode, out, *inputs = sys.argv[1:]
if mode == "nested":
    (apk,) = inputs
    write_zip(out, [("download/CashNow.apk", read(apk))])
    sys.exit(0)

base, config, feature = inputs[:3]
meta = badging(base)
pkg = meta["package"]
if mode == "xapk":
    obb = inputs[3]
    obb_path = "Android/obb/%s/%s" % (pkg, os.path.basename(obb))
    apks = [("base.apk", base, "base"),
            ("config.arm64_v8a.apk", config, "config.arm64_v8a"),
            ("feature_kyc.apk", feature, "feature_kyc")]
    manifest = {
        "xapk_version": 2,
        "package_name": pkg,
        "name": meta["label"],
        "version_code": meta["version_code"],
        "version_name": meta["version_name"],
        "min_sdk_version": meta["min_sdk"],
        "target_sdk_version": meta["target_sdk"],
        "permissions": meta["permissions"],
        "split_configs": ["config.arm64_v8a"],
        "total_size": sum(os.path.getsize(p) for _, p, _ in apks) + os.path.getsize(obb),
        "split_apks": [{"file": f, "id": i} for f, _, i in apks],
        "expansions": [{"file": obb_path, "install_location": "EXTERNAL_STORAGE",
                        "install_path": obb_path}],
    }
    write_zip(out, [("manifest.json", as_json(manifest))]
              + [(f, read(p)) for f, p, _ in apks] + [(obb_path, read(obb))])
elif mode == "apks":
    # BuildApksResult with only field 4 (package_name): a valid, minimal toc.pb
    name = pkg.encode("ascii")
    assert len(name) < 128
    toc = b"\x22" + bytes([len(name)]) + name
    write_zip(out, [("toc.pb", toc),
                    ("splits/base-master.apk", read(base)),
                    ("splits/base-arm64_v8a.apk", read(config)),
                    ("splits/feature_kyc-master.apk", read(feature))])
elif mode == "apkm":
    info = {
        "apkm_version": 5,
        "app_name": meta["label"],
        "pname": pkg,
        "release_version": meta["version_name"],
        "versioncode": meta["version_code"],
        "min_api": meta["min_sdk"],
        "arches": ["arm64-v8a"],
    }
    write_zip(out, [("info.json", as_json(info)),
                    ("base.apk", read(base)),
                    ("split_config.arm64_v8a.apk", read(config)),
                    ("split_feature_kyc.apk", read(feature))])
else:
    sys.exit("pack.py: unknown mode " + mode)
PACK
}

build_bundles() {
  [ ${#BUNDLES[@]} -gt 0 ] || return 0
  local b sp="$WORK/splits" obb="" need_splits=""
  for b in "${BUNDLES[@]}"; do [ "$b" = nested ] || need_splits=1; done
  if [ -n "$need_splits" ]; then
    [ -d "$BUNDLE_SRC" ] || die "no split sources in $BUNDLE_SRC"
    mkdir -p "$sp"
    for b in base feature_kyc config.arm64_v8a; do
      [ -f "$BUNDLE_SRC/$b/AndroidManifest.xml" ] || die "missing $BUNDLE_SRC/$b/AndroidManifest.xml"
      build_apk "$BUNDLE_SRC/$b" "$sp/$b.apk" "splitloan/$b"
    done
    local -a obbs=()
    mapfile -t obbs < <(find "$BUNDLE_SRC/obb" -maxdepth 1 -type f -name '*.obb' 2>/dev/null | sort)
    [ ${#obbs[@]} -eq 1 ] || die "expected exactly one $BUNDLE_SRC/obb/*.obb"
    obb=${obbs[0]}
  fi
  write_packer
  local out
  for b in "${BUNDLES[@]}"; do
    echo "== $b"
    case "$b" in
      bundle_xapk) out="$HERE/bundle_xapk.xapk"
        python3 -I "$WORK/pack.py" xapk "$WORK/$b.zip" "$sp/base.apk" "$sp/config.arm64_v8a.apk" "$sp/feature_kyc.apk" "$obb" ;;
      bundle_apks) out="$HERE/bundle_apks.apks"
        python3 -I "$WORK/pack.py" apks "$WORK/$b.zip" "$sp/base.apk" "$sp/config.arm64_v8a.apk" "$sp/feature_kyc.apk" ;;
      bundle_apkm) out="$HERE/bundle_apkm.apkm"
        python3 -I "$WORK/pack.py" apkm "$WORK/$b.zip" "$sp/base.apk" "$sp/config.arm64_v8a.apk" "$sp/feature_kyc.apk" ;;
      nested) out="$HERE/nested.zip"
        [ -f "$HERE/harvester.apk" ] || die "nested.zip needs $HERE/harvester.apk (build harvester first)"
        python3 -I "$WORK/pack.py" nested "$WORK/$b.zip" "$HERE/harvester.apk" ;;
      *) die "unknown bundle $b" ;;
    esac || die "packing $b failed"
    cp "$WORK/$b.zip" "$out"
    echo "   $(sha256sum "$out" | cut -d' ' -f1)  ${out#"$HERE"/}"
  done
}

for name in "${NAMES[@]}"; do
  build_one "$name"
done
build_bundles
