#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-install.sh — `meson install` into a DESTDIR, then run both programs
# from there, the command line in German.
#
#   check-install.sh MESON BUILDDIR SRCDIR PREFIX BINDIR DATADIR LOCALEDIR
#
# BINDIR, DATADIR and LOCALEDIR are absolute, as the programs were built
# for them; they are looked for under the DESTDIR.
set -euo pipefail

meson=$1 builddir=$2 srcdir=$3 prefix=$4 bindir=$5 datadir=$6 localedir=$7
app_id=io.github.portolan.Portolan

destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check () {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

if "$meson" install -C "$builddir" --destdir "$destdir" --no-rebuild --quiet >"$destdir.log" 2>&1; then
  ok "meson install --destdir"
  rm -f "$destdir.log"
else
  not_ok "meson install --destdir"
  sed 's/^/# /' "$destdir.log"
  rm -f "$destdir.log"
  echo "1..$n"
  exit 1
fi

root=$destdir
for file in \
    "$bindir/portolan" \
    "$bindir/portolan-cli" \
    "$datadir/applications/$app_id.desktop" \
    "$datadir/metainfo/$app_id.metainfo.xml" \
    "$datadir/icons/hicolor/scalable/apps/$app_id.svg" \
    "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
    "$datadir/glib-2.0/schemas/$app_id.gschema.xml" \
    "$localedir/de/LC_MESSAGES/portolan.mo"; do
  check "installed ${file#"$prefix"/}" test -s "$root$file"
done

check "the desktop file is translated" \
  grep -q '^Comment\[de\]=Herausfinden, welche Ports' "$root$datadir/applications/$app_id.desktop"
check "the metainfo is translated" \
  grep -q 'xml:lang="de">Die Ports einer IGEL-UMS-Installation prüfen<' "$root$datadir/metainfo/$app_id.metainfo.xml"

cli="$root$bindir/portolan-cli"
# The programs look for their translations where they were built to be
# installed; PORTOLAN_LOCALEDIR points them into the DESTDIR instead
export PORTOLAN_LOCALEDIR="$root$localedir"
unset LC_ALL LC_MESSAGES LANGUAGE

version=$("$cli" --version)
check "portolan-cli --version prints “$version”" test "$version" = "portolan-cli $("$meson" introspect --projectinfo "$builddir" | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')"

# LANGUAGE is honoured under any locale but C; C.UTF-8 is always there
status=0
message=$(LANGUAGE=de LANG=C.UTF-8 "$cli" list --from nosuchrole 2>&1 >/dev/null) || status=$?
check "portolan-cli says in German that the role is unknown: $message" \
  grep -q '^portolan-cli: unbekannte Rolle „nosuchrole“ für --from' <<<"$message"
check "portolan-cli exits with 2 for an unknown role" test "$status" -eq 2

listing=$(LANGUAGE=de LANG=C.UTF-8 "$cli" list --to ha-load-balancer)
check "the built-in catalogue is in German" grep -q 'HA-Lastausgleicher und UMS Server lauschen' <<<"$listing"
check "the table headers are in German" grep -q '^PORT  *VON → NACH  *FUNKTION  *BESCHREIBUNG' <<<"$listing"
check "link ids and feature ids stay as they are" grep -q 'ums-server → ha-load-balancer  high-availability' <<<"$listing"

listing=$(LANGUAGE=de LANG=C.UTF-8 "$cli" list --to ha-load-balancer --catalogue "$srcdir/data/catalogue/igel-ums.json")
check "a catalogue from a file is shown as written" grep -q 'the HA load balancer and the UMS Server both listen' <<<"$listing"

# LANG alone, where the German locale is generated (build-aux/dev does)
if locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  message=$(LANG=de_DE.UTF-8 "$cli" list --from nosuchrole 2>&1 >/dev/null) || true
  check "LANG=de_DE.UTF-8 alone is enough" grep -q 'unbekannte Rolle' <<<"$message"
else
  n=$((n + 1)); echo "ok $n # SKIP the de_DE.UTF-8 locale is not generated"
fi

message=$(LANGUAGE=en LANG=C.UTF-8 "$cli" list --from nosuchrole 2>&1 >/dev/null) || true
check "English stays English" grep -q 'unknown role “nosuchrole”' <<<"$message"

# The window's program: its options need no display
gui="$root$bindir/portolan"
help=$(LANGUAGE=de LANG=C.UTF-8 "$gui" --help 2>&1) && status=0 || status=$?
check "portolan --help exits with 0" test "$status" -eq 0
check "portolan --help shows the options" grep -q -- '--help' <<<"$help"

# …and the window itself, from the DESTDIR, where a display is
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v glib-compile-schemas >/dev/null; then
  glib-compile-schemas "$root$datadir/glib-2.0/schemas"
  LANGUAGE=de LANG=C.UTF-8 G_DEBUG=fatal-warnings GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none \
    GSETTINGS_SCHEMA_DIR="$root$datadir/glib-2.0/schemas" XDG_DATA_DIRS="$root$datadir:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
    "$gui" >"$destdir/gui.log" 2>&1 &
  pid=$!
  sleep 3
  if kill -0 "$pid" 2>/dev/null; then
    ok "portolan opens its window and keeps running"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  else
    wait "$pid" && status=0 || status=$?
    not_ok "portolan opens its window and keeps running (it exited with $status)"
    sed 's/^/# /' "$destdir/gui.log"
  fi
else
  n=$((n + 1)); echo "ok $n # SKIP no display for the window"
fi

echo "1..$n"
exit $failed
