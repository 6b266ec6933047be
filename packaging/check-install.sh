#!/usr/bin/env bash
# CTest test: installs a build into a scratch prefix and checks what a desktop install needs:
# both programs in bin/, the desktop entry, AppStream metainfo and icons under one id, the
# sample config and the man pages; desktop-file-validate and appstreamcli validate pass.
# usage: check-install.sh BUILD_DIR VERSION gui|headless
set -euo pipefail

build=${1:?usage: check-install.sh BUILD_DIR VERSION gui|headless}
version=${2:?usage: check-install.sh BUILD_DIR VERSION gui|headless}
kind=${3:-gui}
id=org.augstudio.AugStudio

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
need() {
    command -v "$1" >/dev/null && return 0
    echo "check-install: $1 is missing: install the Debian package $2 (packaging/install-deps.sh does)" >&2
    exit 1
}
need desktop-file-validate desktop-file-utils
need appstreamcli appstream

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
if ! cmake --install "$build" --prefix "$prefix" > "$prefix/install.log" 2>&1; then
    cat "$prefix/install.log" >&2
    echo "check-install: cmake --install $build failed (build every target first)" >&2
    exit 1
fi
share=$prefix/share

# The programs.
programs=(augstudio-cli)
[ "$kind" = gui ] && programs+=(augstudio)
for p in "${programs[@]}"; do
    [ -x "$prefix/bin/$p" ] && ok "bin/$p" || fail "bin/$p is not installed"
done
cli_version=$("$prefix/bin/augstudio-cli" --version 2>&1 || true)
case $cli_version in
    "augstudio-cli $version "*) ok "augstudio-cli --version: $cli_version" ;;
    *) fail "augstudio-cli --version printed '$cli_version', expected 'augstudio-cli $version …'" ;;
esac

# The sample config.
sample=$share/augstudio/fashion-mnist-search.yaml
if [ -f "$sample" ]; then
    ok "share/augstudio/fashion-mnist-search.yaml"
    # It must load as a config (a wrong key or type stops before the resolved config is printed),
    # and pass validation where Debian's dataset-fashion-mnist is installed.
    out=$("$prefix/bin/augstudio-cli" validate --config "$sample" --quick 2>&1) && rc=0 || rc=$?
    grep -q "^# resolved config" <<< "$out" && ok "the sample config loads" ||
        fail "augstudio-cli cannot read the sample config: $out"
    if [ -d /usr/share/datasets/fashion-mnist ]; then
        [ "$rc" -eq 0 ] && ok "the sample config validates with /usr/share/datasets/fashion-mnist" ||
            fail "augstudio-cli validate --config $sample exited $rc: $out"
    fi
else
    fail "share/augstudio/fashion-mnist-search.yaml is not installed"
fi

# Man pages, rendered with warnings on; every command of `augstudio-cli --help` documented.
for p in "${programs[@]}"; do
    page=$share/man/man1/$p.1
    if [ ! -f "$page" ]; then
        fail "share/man/man1/$p.1 is not installed"
        continue
    fi
    grep -q "AugStudio $version" "$page" && ok "man page $p.1 ($version)" || fail "$p.1 does not name version $version"
    if command -v groff >/dev/null; then
        warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1 || true)
        [ -z "$warnings" ] && ok "$p.1 renders without warnings" || fail "$p.1: $warnings"
    fi
done
help=$("$prefix/bin/augstudio-cli" --help 2>&1 || true)
commands=$(sed -n '/^commands:/,/^options:/p' <<< "$help" | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' | sort -u)
[ -n "$commands" ] || fail "augstudio-cli --help lists no commands"
for c in $commands; do
    grep -q "^\.B $c\b" "$share/man/man1/augstudio-cli.1" 2>/dev/null && ok "augstudio-cli.1 documents '$c'" ||
        fail "augstudio-cli.1 does not document the command '$c' of augstudio-cli --help"
done

if [ "$kind" = gui ]; then
    # The desktop entry.
    desktop=$share/applications/$id.desktop
    if [ -f "$desktop" ]; then
        report=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$report" ] &&
            ok "desktop-file-validate $id.desktop" || fail "desktop-file-validate: $report"
        grep -qx "Icon=$id" "$desktop" && ok "the desktop entry's icon is $id" || fail "$id.desktop: Icon is not $id"
        exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
        [ -x "$prefix/bin/$exec_name" ] && ok "Exec=$exec_name is installed" ||
            fail "$id.desktop: Exec=$exec_name is not in bin/"
    else
        fail "share/applications/$id.desktop is not installed"
    fi

    # The AppStream metainfo, alone and with the rest of the installed tree.
    metainfo=$share/metainfo/$id.metainfo.xml
    if [ -f "$metainfo" ]; then
        report=$(appstreamcli validate --no-net --strict "$metainfo" 2>&1) &&
            ok "appstreamcli validate $id.metainfo.xml" || fail "appstreamcli validate: $report"
        report=$(appstreamcli validate-tree --no-net "$prefix" 2>&1) &&
            ok "appstreamcli validate-tree" || fail "appstreamcli validate-tree: $report"
        grep -q "<id>$id</id>" "$metainfo" && ok "the metainfo's id is $id" || fail "$id.metainfo.xml: id is not $id"
        grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" &&
            ok "the metainfo launches $id.desktop" || fail "$id.metainfo.xml does not launch $id.desktop"
        newest=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$metainfo" | head -n 1)
        [ "$newest" = "$version" ] && ok "the metainfo's newest release is $version" ||
            fail "$id.metainfo.xml: newest release is '$newest', the project is $version (add a <release>)"
    else
        fail "share/metainfo/$id.metainfo.xml is not installed"
    fi

    # Icons: the SVG, and PNGs whose size matches their hicolor folder.
    [ -f "$share/icons/hicolor/scalable/apps/$id.svg" ] && ok "scalable icon" || fail "the SVG icon is not installed"
    pngs=$(find "$share/icons/hicolor" -path "*/apps/$id.png" | sort)
    [ -n "$pngs" ] || fail "no PNG icon is installed"
    for png in $pngs; do
        folder=$(basename "$(dirname "$(dirname "$png")")")
        # The PNG header: width and height are the big-endian words at bytes 16 and 20.
        size=$(od -An -tu1 -j16 -N8 "$png" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
        [ "$size" = "$folder" ] && ok "icon $folder" || fail "$png is $size, not $folder"
    done
fi

echo "check-install: $failures failure(s)"
[ "$failures" -eq 0 ]
